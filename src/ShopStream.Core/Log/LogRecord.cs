namespace ShopStream.Core.Log;

/// <summary>
/// One record as read: its offset in the partition, its key (the user id), its timestamp and its opaque payload.
/// A view into the batch it came from, valid until that batch is reused.
/// </summary>
public readonly ref struct LogRecord
{
    public LogRecord(long offset, long key, long timestamp, ReadOnlySpan<byte> payload)
    {
        Offset = offset;
        Key = key;
        Timestamp = timestamp;
        Payload = payload;
    }

    /// <summary>The record's offset in its partition (in a <see cref="LogBatch"/>, its index in the batch).</summary>
    public long Offset { get; }

    /// <summary>The partitioning key: the user id for ShopStream's events.</summary>
    public long Key { get; }

    /// <summary>The record's time as UTC ticks (event time for events); stored, never interpreted by the log.</summary>
    public long Timestamp { get; }

    public ReadOnlySpan<byte> Payload { get; }
}
