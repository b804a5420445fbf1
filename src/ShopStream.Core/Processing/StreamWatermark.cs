namespace ShopStream.Core.Processing;

/// <summary>
/// The stream's watermark, SPEC's event-time clock: the largest event time read so far, in arrival order, less the
/// allowed disorder; none (<see cref="long.MinValue"/>) before the first event. Kept by <see cref="PartitionRouter"/>
/// for the partitions, and by the lake's writer, which must leave out of silver what the partitions count as
/// duplicates, on the same clock.
/// </summary>
internal struct StreamWatermark(TimeSpan allowedDisorder)
{
    private readonly long _disorder = allowedDisorder.Ticks;

    /// <summary>The largest event time read so far (a checkpoint keeps it).</summary>
    public long MaxEventTime { get; set; } = long.MinValue;

    /// <summary>The watermark; <see cref="long.MinValue"/> before the first event (max minus disorder would wrap around).</summary>
    public readonly long Current => MaxEventTime == long.MinValue ? long.MinValue : MaxEventTime - _disorder;

    /// <summary>Reads an event's time.</summary>
    public void See(long eventTicks)
    {
        if (eventTicks > MaxEventTime)
            MaxEventTime = eventTicks;
    }
}
