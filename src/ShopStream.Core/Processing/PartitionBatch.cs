using ShopStream.Core.Events;

namespace ShopStream.Core.Processing;

/// <summary>A batch of one partition's events with the watermark after each; recycled between threads.</summary>
internal sealed class PartitionBatch(int capacity)
{
    public readonly ShopEvent[] Events = new ShopEvent[capacity];
    public readonly long[] Watermarks = new long[capacity];
    public int Count;

    /// <summary>The stream watermark when the batch was sent (an empty batch is a heartbeat carrying only this).</summary>
    public long Watermark = long.MinValue;

    /// <summary>Signalled by the worker once it has processed this batch (a checkpoint waits for every partition).</summary>
    public CountdownEvent? Barrier;

    public bool IsFull => Count == Events.Length;
}
