using ShopStream.Core.Log.Embedded;

namespace ShopStream.Core.Ingest;

/// <summary>
/// What tells one input from another across ingests: its file name (not the path, which differs with the working
/// folder), a checksum of its first 64 KiB as stored, and the format it is read in (both null for a stream, which
/// cannot be read twice; the format null too in positions written before it was kept). A file that has grown since
/// keeps its identity (<see cref="GrewFrom"/>: for a file shorter than 64 KiB then, its checksum covered all of it);
/// one replaced by other content (the same name, new rows) does not, nor one read in another format (its rows would
/// all be rejected). <paramref name="HeadLength"/>: the bytes the checksum covers (null where not recorded).
/// </summary>
public sealed record InputIdentity(string Name, uint? Head, InputFormat? Format = null, int? HeadLength = null)
{
    private const int HeadBytes = 64 * 1024;

    /// <summary>The identity of <paramref name="input"/> read as <paramref name="format"/> (null: detected), reading its head (for a file) once.</summary>
    public static InputIdentity Of(InputFile input, InputFormat? format = null)
    {
        if (input.Path is not { } path)
            return new(Path.GetFileName(input.Name), null);
        var (head, length) = HeadOf(path, HeadBytes);
        return new(Path.GetFileName(input.Name), head, format ?? DetectedFormat(input), length);
    }

    /// <summary>
    /// Whether <paramref name="input"/> is the file <paramref name="earlier"/> identified, grown since: it was shorter
    /// than the checksum's 64 KiB then, and its first bytes as long as it was are the same now.
    /// </summary>
    public static bool GrewFrom(InputFile input, InputIdentity earlier) =>
        input.Path is { } path && earlier is { Head: { } head, HeadLength: { } length } && length < HeadBytes
        && HeadOf(path, length) is var now && now.Length == length && now.Head == head;

    /// <summary>
    /// The format the reader will detect in <paramref name="input"/> (a file): from its first record that is not blank
    /// (<see cref="RecordSplitter.FirstRecordFormat"/>; the first line alone called a file that begins with a blank line
    /// undetected). Null for a stream, or when that cannot be read (a damaged gzip): the reader then says what is wrong,
    /// with its line.
    /// </summary>
    public static InputFormat? DetectedFormat(InputFile input)
    {
        try
        {
            return RecordSplitter.FirstRecordFormat(input, out _);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InputException)
        {
            return null;
        }
    }

    // The checksum of the file's first `bytes` bytes (fewer when it is shorter), and how many it covers.
    private static (uint Head, int Length) HeadOf(string path, int bytes)
    {
        try
        {
            using var file = File.OpenHandle(path);
            var head = new byte[(int)Math.Min(bytes, RandomAccess.GetLength(file))];
            int read = RandomAccess.Read(file, head, 0);
            return (Crc32C.Compute(head.AsSpan(0, read)), read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read input '{path}': {ex.Message}", ex);
        }
    }
}
