using System.Buffers.Binary;

namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// The log folder's <c>meta</c> file: what must stay fixed for the log's life, its partition count (changing it
/// would move users to other partitions). <c>"SSLOGMTA", u16 version, u16 0, i32 partitions, u32 CRC-32C</c>.
/// </summary>
internal static class LogMetadata
{
    public const string FileName = "meta";
    private const ushort Version = 1;
    private const int Size = 20;

    private static ReadOnlySpan<byte> Magic => "SSLOGMTA"u8;

    /// <summary>The log's partition count: read from an existing log (checked against <paramref name="requested"/>), else recorded.</summary>
    public static int OpenOrCreate(string folder, int? requested, bool sync)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            int partitions = requested ?? Environment.ProcessorCount;
            Span<byte> bytes = stackalloc byte[Size];
            Magic.CopyTo(bytes);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes[8..], Version);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes[10..], 0);
            BinaryPrimitives.WriteInt32LittleEndian(bytes[12..], partitions);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[16..], Crc32C.Compute(bytes[..16]));
            DurableFile.Write(path, bytes, sync);
            return partitions;
        }

        var span = File.ReadAllBytes(path).AsSpan();
        if (span.Length < 10 || !span.StartsWith(Magic))
            throw new LogFormatException($"'{path}' is not a ShopStream event log's metadata file");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(span[8..]);
        if (version != Version)
            throw new LogFormatException($"event log '{folder}' has format version {version}; this build reads version {Version} only");
        if (span.Length != Size || BinaryPrimitives.ReadUInt32LittleEndian(span[16..]) != Crc32C.Compute(span[..16]))
            throw new LogFormatException($"event log metadata '{path}' is corrupt (checksum mismatch)");
        int existing = BinaryPrimitives.ReadInt32LittleEndian(span[12..]);
        if (requested is { } r && r != existing)
            throw new ArgumentException($"the event log in '{folder}' has {existing} partitions; it cannot be opened with {r}");
        return existing;
    }
}
