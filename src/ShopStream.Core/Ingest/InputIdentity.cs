using ShopStream.Core.Log.Embedded;

namespace ShopStream.Core.Ingest;

/// <summary>
/// What tells one input from another across ingests: its file name (not the path, which differs with the working
/// folder) and a checksum of its first 64 KiB as stored (null for a stream, which cannot be read twice). A file that
/// has grown since keeps its identity; one replaced by other content (the same name, new rows) does not.
/// </summary>
public sealed record InputIdentity(string Name, uint? Head)
{
    private const int HeadBytes = 64 * 1024;

    /// <summary>The identity of <paramref name="input"/>, reading its head (for a file) once.</summary>
    public static InputIdentity Of(InputFile input) => new(Path.GetFileName(input.Name), input.Path is { } path ? HeadOf(path) : null);

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
