using ShopStream.Core.Log.Embedded;

namespace ShopStream.Core.Ingest;

/// <summary>
/// What tells one input from another across ingests: its file name (not the path, which differs with the working
/// folder), a checksum of its first 64 KiB as stored, and the format it is read in (both null for a stream, which
/// cannot be read twice; the format null too in positions written before it was kept). A file that has grown since
/// keeps its identity; one replaced by other content (the same name, new rows) does not, nor one read in another
/// format (its rows would all be rejected).
/// </summary>
public sealed record InputIdentity(string Name, uint? Head, InputFormat? Format = null)
{
    private const int HeadBytes = 64 * 1024;

    /// <summary>The identity of <paramref name="input"/> read as <paramref name="format"/> (null: detected), reading its head (for a file) once.</summary>
    public static InputIdentity Of(InputFile input, InputFormat? format = null) => input.Path is { } path
        ? new(Path.GetFileName(input.Name), HeadOf(path), format ?? DetectedFormat(input))
        : new(Path.GetFileName(input.Name), null);

    // As the reader detects it: from the first line, decompressed. Null when that cannot be read (a damaged gzip):
    // the reader then says what is wrong, with its line.
    private static InputFormat? DetectedFormat(InputFile input)
    {
        try
        {
            using var stream = input.Open(out var raw);
            using (raw)
            {
                var line = new byte[4096];
                int n = stream.ReadAtLeast(line, line.Length, throwOnEndOfStream: false);
                int end = line.AsSpan(0, n).IndexOfAny((byte)'\n', (byte)'\r');
                return FormatDetector.Detect(line.AsSpan(0, end < 0 ? n : end));
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InputException)
        {
            return null;
        }
    }

    private static uint HeadOf(string path)
    {
        try
        {
            using var file = File.OpenHandle(path);
            var head = new byte[(int)Math.Min(HeadBytes, RandomAccess.GetLength(file))];
            int read = RandomAccess.Read(file, head, 0);
            return Crc32C.Compute(head.AsSpan(0, read));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read input '{path}': {ex.Message}", ex);
        }
    }
}
