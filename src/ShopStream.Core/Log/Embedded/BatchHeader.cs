using System.Buffers.Binary;

namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// The header before each batch's records in a segment file:
/// <code>
///  0 u32 CRC-32C of bytes 4.. of the header and its source position
///  4 u32 bytes of record frames that follow the source position
///  8 i64 offset of the first record
/// 16 i32 records
/// 20 u16 source position length, then u16 attributes (0)
/// 24 i64 append time, Unix milliseconds (for retention by age)
/// 32 source position bytes
/// </code>
/// A batch is whole when its header checks and every one of its records checks; recovery keeps whole batches only.
/// </summary>
internal readonly record struct BatchHeader(long BaseOffset, int Count, int RecordsLength, long AppendTimeMs, int SourceLength)
{
    public const int Size = 32;

    /// <summary>Bytes of the header with its source position; the record frames follow.</summary>
    public int HeaderLength => Size + SourceLength;

    public long TotalLength => (long)HeaderLength + RecordsLength;

    public long EndOffset => BaseOffset + Count;

    public static int Write(Span<byte> destination, long baseOffset, int count, int recordsLength, long appendTimeMs, ReadOnlySpan<byte> source)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], recordsLength);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], baseOffset);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], count);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[20..], (ushort)source.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[22..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], appendTimeMs);
        source.CopyTo(destination[Size..]);
        int length = Size + source.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Crc32C.Compute(destination[4..length]));
        return length;
    }

    /// <summary>Reads the fixed part (<see cref="Size"/> bytes); false when it cannot be a header (check the CRC with <see cref="IsIntact"/>).</summary>
    public static bool TryRead(ReadOnlySpan<byte> fixedPart, out BatchHeader header)
    {
        int recordsLength = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[4..]);
        int count = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[16..]);
        int sourceLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[20..]);
        int attributes = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[22..]);
        header = new BatchHeader(
            BinaryPrimitives.ReadInt64LittleEndian(fixedPart[8..]),
            count,
            recordsLength,
            BinaryPrimitives.ReadInt64LittleEndian(fixedPart[24..]),
            sourceLength);
        return attributes == 0
            && count >= 0
            && recordsLength >= 0
            && recordsLength <= LogBatch.MaxBytes
            && (long)count * RecordFrame.HeaderSize <= recordsLength
            && sourceLength <= FileEventLog.MaxSourcePositionBytes;
    }

    /// <summary>Whether the CRC matches; <paramref name="header"/> is the fixed part and the source position.</summary>
    public static bool IsIntact(ReadOnlySpan<byte> header) =>
        BinaryPrimitives.ReadUInt32LittleEndian(header) == Crc32C.Compute(header[4..]);
}
