using System.Buffers.Binary;
using ShopStream.Core.Log.Embedded;

namespace ShopStream.Core.Log;

/// <summary>
/// How one record is laid out, in a <see cref="LogBatch"/> and in the embedded log's segment files alike (so an
/// append is a copy): <c>u32 length</c> (of what follows the checksum), <c>u32 CRC-32C</c> (of the length and
/// everything after the checksum), <c>i64 key</c>, <c>i64 timestamp</c>, payload. Little-endian.
/// </summary>
internal static class RecordFrame
{
    /// <summary>Bytes before the payload.</summary>
    public const int HeaderSize = 24;

    /// <summary>The length field's value for an empty payload (key and timestamp).</summary>
    public const int MinBodyLength = 16;

    /// <summary>Fills in the header of a frame whose payload is already in place; <paramref name="frame"/> is the whole frame.</summary>
    public static void Seal(Span<byte> frame, long key, long timestamp)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)(frame.Length - 8));
        BinaryPrimitives.WriteInt64LittleEndian(frame[8..], key);
        BinaryPrimitives.WriteInt64LittleEndian(frame[16..], timestamp);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Checksum(frame));
    }

    /// <summary>The frame's size from its first four bytes, or -1 when the length field cannot be a record's.</summary>
    public static long SizeOf(ReadOnlySpan<byte> header)
    {
        uint body = BinaryPrimitives.ReadUInt32LittleEndian(header);
        return body < MinBodyLength ? -1 : 8L + body;
    }

    public static bool IsIntact(ReadOnlySpan<byte> frame) =>
        BinaryPrimitives.ReadUInt32LittleEndian(frame[4..]) == Checksum(frame);

    public static LogRecord Read(ReadOnlySpan<byte> frame, long offset) => new(
        offset,
        BinaryPrimitives.ReadInt64LittleEndian(frame[8..]),
        BinaryPrimitives.ReadInt64LittleEndian(frame[16..]),
        frame[HeaderSize..]);

    private static uint Checksum(ReadOnlySpan<byte> frame) => Crc32C.Append(Crc32C.Compute(frame[..4]), frame[8..]);
}
