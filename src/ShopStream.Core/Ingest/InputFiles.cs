namespace ShopStream.Core.Ingest;

/// <summary>Resolves an <c>--input</c> argument: a file, a folder (its files, by name, hidden ones skipped), or <c>-</c>.</summary>
public static class InputFiles
{
    public static IReadOnlyList<InputFile> Resolve(string path, Func<Stream>? stdin = null)
    {
        if (path == "-")
            return [InputFile.FromStream("stdin", (stdin ?? Console.OpenStandardInput)())];
        if (Directory.Exists(path))
        {
            var files = Directory.GetFiles(path)
                .Where(f => !Path.GetFileName(f).StartsWith('.'))
                .Order(StringComparer.Ordinal)
                .Select(InputFile.FromPath)
                .ToList();
            return files.Count > 0 ? files : throw new InputException($"input folder '{path}' has no files");
        }

        if (!File.Exists(path))
            throw new InputException($"input not found: '{path}'");
        return [InputFile.FromPath(path)];
    }
}
