using System.Buffers.Binary;
using ShopStream.Core.Events;
using ShopStream.Core.Text;

namespace ShopStream.Core.Log;

/// <summary>
/// An event as an ingest stores it in the log: the largest event time seen in the stream up to and including it
/// (in arrival order, across all partitions), then the event. A processor replaying one partition rebuilds from
/// it exactly the watermark the in-memory pipeline stamps, so replay gives the same results.
/// </summary>
public static class LoggedEvent
{
    public static void Add(LogBatch batch, in ShopEvent e, long streamMaxTicks)
    {
        int size = 8 + ShopEventSerializer.GetMaxByteCount(e);
        var span = batch.GetSpan(size);
        BinaryPrimitives.WriteInt64LittleEndian(span, streamMaxTicks);
        int written = ShopEventSerializer.Write(e, span[8..]);
        batch.Advance(e.UserId, e.EventTimeTicks, 8 + written);
    }

    public static void Read(ReadOnlySpan<byte> payload, out ShopEvent e, out long streamMaxTicks, StringPool? pool = null)
    {
        streamMaxTicks = BinaryPrimitives.ReadInt64LittleEndian(payload);
        ShopEventSerializer.Read(payload[8..], out e, pool);
    }
}
