namespace ShopStream.Core.Log.Embedded;

/// <summary>How the embedded log stores partitions. Defaults suit the collector: every batch durable before it is acknowledged.</summary>
public sealed record FileEventLogOptions
{
    /// <summary>
    /// Partitions of a new log. An existing log keeps the count it was created with; giving another one is an error
    /// (it would move users between partitions). Null: the existing count, or one per core for a new log.
    /// </summary>
    public int? Partitions { get; init; }

    public FsyncPolicy Fsync { get; init; } = FsyncPolicy.Always;

    /// <summary>A segment is sealed and a new one started when the next batch would take it past this size.</summary>
    public long SegmentBytes { get; init; } = 64L << 20;

    /// <summary>Bytes between entries of a segment's sparse index: a seek scans at most about this much.</summary>
    public int IndexIntervalBytes { get; init; } = 4096;

    public LogRetention Retention { get; init; } = LogRetention.Forever;

    /// <summary>Each reader's read-ahead buffer: one read of the file per this many bytes of records.</summary>
    public int ReadBufferBytes { get; init; } = 1 << 20;

    /// <summary>Throws <see cref="ArgumentException"/> with a user-facing message when a value is out of range.</summary>
    public void Validate()
    {
        if (Partitions is < 1 or > 1024)
            throw new ArgumentException($"log partitions must be 1..1024, got {Partitions}");
        if (SegmentBytes is < 4096 or > 1L << 30)
            throw new ArgumentException($"log segment size must be 4 KiB..1 GiB, got {SegmentBytes}");
        if (IndexIntervalBytes is < 0 or > 1 << 24)
            throw new ArgumentException($"log index interval must be 0..16 MiB, got {IndexIntervalBytes}");
        if (ReadBufferBytes is < 4096 or > 1 << 30)
            throw new ArgumentException($"log read buffer must be 4 KiB..1 GiB, got {ReadBufferBytes}");
        if (Retention.MaxBytes is < 0 || Retention.MaxAge < TimeSpan.Zero)
            throw new ArgumentException("log retention limits must not be negative");
        if (!Enum.IsDefined(Fsync))
            throw new ArgumentException($"unknown fsync policy {Fsync}");
    }
}
