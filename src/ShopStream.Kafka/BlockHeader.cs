using System.Buffers.Binary;
using ShopStream.Core.Log.Embedded;

namespace ShopStream.Kafka;

/// <summary>
/// The <c>shopstream.block</c> header of every record an append produces: the record's index in its batch, the
/// batch's size and a checksum of the batch's source position (12 bytes). The last record of a batch also carries
/// the source position itself (<c>shopstream.position</c>). From the tail of a partition the log can tell whether
/// the last batch landed whole, and, if a crash cut it short, recognise it when the resumed ingest appends it again.
/// </summary>
internal readonly record struct BlockHeader(int Index, int Count, uint PositionChecksum)
{
    public const string Name = "shopstream.block";
    public const string PositionName = "shopstream.position";
    public const int Size = 12;

    public bool IsLast => Index == Count - 1;

    public static uint Checksum(ReadOnlySpan<byte> position) => Crc32C.Compute(position);

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, Index);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), Count);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), PositionChecksum);
        return bytes;
    }

    /// <summary>The header of a record, or null when it has none (a record ShopStream did not append).</summary>
    public static BlockHeader? From(Confluent.Kafka.Headers? headers)
    {
        if (headers is null || !headers.TryGetLastBytes(Name, out var bytes) || bytes is not { Length: Size })
            return null;
        var header = new BlockHeader(
            BinaryPrimitives.ReadInt32LittleEndian(bytes),
            BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        return header.Index >= 0 && header.Index < header.Count ? header : null;
    }
}
