namespace ShopStream.Generator;

/// <summary>How far a run is, safe to read from another thread (for a progress bar).</summary>
public sealed class GeneratorProgress
{
    private long _records;
    private long _bytes;
    private long _second;

    public long Records => Volatile.Read(ref _records);

    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>The event time reached (UTC), or <see cref="DateTime.MinValue"/> before the first event.</summary>
    public DateTime EventTime => new(Volatile.Read(ref _second) * TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    internal void Update(long records, long bytes, long second)
    {
        Volatile.Write(ref _records, records);
        Volatile.Write(ref _bytes, bytes);
        Volatile.Write(ref _second, second);
    }
}
