namespace ShopStream.Core.Ingest;

/// <summary>
/// Resolves an <c>--input</c> argument: a file, a named pipe or device given by name (<c>&lt;(zcat f.gz)</c>,
/// <c>/dev/stdin</c>: read once as a stream, like <c>-</c>), a folder (its regular files by name, hidden ones
/// skipped: a pipe or device there would block or never end), or <c>-</c>.
/// </summary>
public static class InputFiles
{
    /// <summary>
    /// Refuses, before anything is written, a file whose format cannot be told from its first line (with no --format
    /// given), or whose first line is its format's header with other columns.
    /// </summary>
    /// <exception cref="InputException">Which file, and what to pass.</exception>
    public static void CheckFormats(IReadOnlyList<InputFile> inputs, InputFormat? format = null)
    {
        foreach (var input in inputs)
            RecordSplitter.CheckDetectable(input, format);
    }

    /// <summary>The inputs' total size in bytes, when every input has a known size (files, not streams).</summary>
    public static long? TotalBytes(IReadOnlyList<InputFile> inputs) => inputs.All(i => i.Length.HasValue) ? inputs.Sum(i => i.Length!.Value) : null;

    public static IReadOnlyList<InputFile> Resolve(string path, Func<Stream>? stdin = null)
    {
        if (path == "-")
            return [InputFile.FromStream("stdin", (stdin ?? Console.OpenStandardInput)())];
        if (Directory.Exists(path))
        {
            var files = Directory.GetFiles(path)
                .Where(f => !Path.GetFileName(f).StartsWith('.') && RegularFile.Is(f))
                .Order(StringComparer.Ordinal)
                .Select(InputFile.FromPath)
                .ToList();
            return files.Count > 0 ? files : throw new InputException($"input folder '{path}' has no files (hidden files, subfolders, pipes and devices are skipped)");
        }

        if (!File.Exists(path))
            throw new InputException($"input not found: '{path}'");
        return [RegularFile.Is(path) ? InputFile.FromPath(path) : InputFile.FromPipe(path)];
    }
}
