namespace ShopStream.Core.Checkpoints;

/// <summary>What has been processed since the last checkpoint, and whether, by <paramref name="policy"/>, the next one is due.</summary>
public sealed class CheckpointSchedule(CheckpointPolicy policy, TimeProvider time)
{
    private long _since = time.GetTimestamp();

    /// <summary>Events processed since the last checkpoint (or since the start).</summary>
    public long EventsSince { get; private set; }

    /// <summary>Counts <paramref name="events"/> just processed; true when a checkpoint is due.</summary>
    public bool Add(long events)
    {
        EventsSince += events;
        return policy.IsDue(EventsSince, time.GetElapsedTime(_since));
    }

    /// <summary>A checkpoint was written: counting starts again.</summary>
    public void Written()
    {
        EventsSince = 0;
        _since = time.GetTimestamp();
    }
}
