namespace ShopStream.Core.Checkpoints;

/// <summary>
/// When the processor writes a checkpoint: after a number of events, after a stretch of (processing) time, or
/// whichever comes first. A checkpoint pauses the stream while partitions are written, so this trades the work
/// redone after a crash against throughput.
/// </summary>
public sealed record CheckpointPolicy
{
    /// <summary>Write after this many events since the last checkpoint; 0: not by count.</summary>
    public long EveryEvents { get; init; }

    /// <summary>Write once this much time has passed since the last checkpoint; zero: not by time.</summary>
    public TimeSpan Interval { get; init; }

    /// <summary>The default: every 30 seconds of processing.</summary>
    public static CheckpointPolicy Default { get; } = new() { Interval = TimeSpan.FromSeconds(30) };

    public static CheckpointPolicy EveryNEvents(long events) => new() { EveryEvents = events };

    public static CheckpointPolicy Every(TimeSpan interval) => new() { Interval = interval };

    public bool IsDue(long eventsSince, TimeSpan elapsed) =>
        (EveryEvents > 0 && eventsSince >= EveryEvents) || (Interval > TimeSpan.Zero && elapsed >= Interval);

    /// <summary>Throws <see cref="ArgumentException"/> with a user-facing message for negative values or no trigger at all.</summary>
    public void Validate()
    {
        if (EveryEvents < 0 || Interval < TimeSpan.Zero)
            throw new ArgumentException("checkpoint event count and interval must not be negative");
        if (EveryEvents == 0 && Interval == TimeSpan.Zero)
            throw new ArgumentException("a checkpoint policy needs an event count or an interval");
    }
}
