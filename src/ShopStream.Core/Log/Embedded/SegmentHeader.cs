using System.Buffers.Binary;

namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// The first bytes of a segment file:
/// <code>
///  0 "SSLOGSEG"
///  8 u16 format version, u16 0, u32 0
/// 16 i64 offset of the segment's first record (also its file name)
/// 24 u32 0
/// 28 u32 CRC-32C of bytes 0..27
/// </code>
/// The version is checked before anything else, so a segment written by a newer format is refused, never misread.
/// </summary>
internal static class SegmentHeader
{
    public const int Size = 32;
    public const ushort Version = 1;

    private static ReadOnlySpan<byte> Magic => "SSLOGSEG"u8;

    public static void Write(Span<byte> destination, long baseOffset)
    {
        destination[..Size].Clear();
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], baseOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], Crc32C.Compute(destination[..28]));
    }

    /// <summary>Checks a header read from <paramref name="file"/>; throws <see cref="LogFormatException"/> saying what is wrong.</summary>
    public static void Validate(ReadOnlySpan<byte> header, long expectedBaseOffset, string file)
    {
        if (header.Length < Size || !header.StartsWith(Magic))
            throw new LogFormatException($"'{file}' is not a ShopStream log segment (no segment header)");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        if (version != Version)
            throw new LogFormatException($"log segment '{file}' has format version {version}; this build reads version {Version} only");
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[28..]) != Crc32C.Compute(header[..28]))
            throw new LogFormatException($"log segment '{file}' has a corrupt header (checksum mismatch)");
        long baseOffset = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        if (baseOffset != expectedBaseOffset)
            throw new LogFormatException($"log segment '{file}' starts at offset {baseOffset} but is named for offset {expectedBaseOffset}");
    }
}
