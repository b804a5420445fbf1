using System.IO.Compression;

namespace ShopStream.Core.Ingest;

/// <summary>One input: a file, or standard input (<c>-</c>). Gzip is detected by its magic bytes and read transparently.</summary>
public sealed class InputFile
{
    private readonly Func<Stream> _open;

    private InputFile(string name, long? length, Func<Stream> open, string? path = null)
    {
        Name = name;
        Length = length;
        _open = open;
        Path = path;
    }

    /// <summary>The name used in dead-letter records and messages.</summary>
    public string Name { get; }

    /// <summary>Size on disk (compressed size for .gz); null for a stream (standard input, a pipe).</summary>
    public long? Length { get; }

    /// <summary>The file it reads, or null for a stream.</summary>
    public string? Path { get; }

    public static InputFile FromPath(string path) => new(path, new FileInfo(path).Length, () => OpenFile(path), path);

    public static InputFile FromStream(string name, Stream stream) => new(name, null, () => stream);

    /// <summary>
    /// A named pipe or device (<c>&lt;(zcat f.gz)</c>, <c>/dev/stdin</c>): a stream, opened when read. It has no size and
    /// no head to checksum (reading it would consume it), so a run of it is not checkpointed, as for standard input.
    /// </summary>
    public static InputFile FromPipe(string path) => new(path, null, () => OpenFile(path));

    /// <summary>Opens the input; <paramref name="raw"/> is the undecompressed stream (for progress by position).</summary>
    public Stream Open(out Stream raw)
    {
        try
        {
            raw = _open();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read input '{Name}': {ex.Message}", ex);
        }

        return Decompress(raw);
    }

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    private static Stream Decompress(Stream raw)
    {
        Span<byte> magic = stackalloc byte[2];
        int n = raw.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        bool gzip = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        Stream replay = raw.CanSeek ? Rewind(raw) : new PrefixedStream(magic[..n].ToArray(), raw);
        if (!gzip)
            return replay;
        return OperatingSystem.IsLinux() ? new GzipMembersStream(replay) : new GZipStream(replay, CompressionMode.Decompress);
    }

    private static Stream Rewind(Stream s)
    {
        s.Position = 0;
        return s;
    }
}
