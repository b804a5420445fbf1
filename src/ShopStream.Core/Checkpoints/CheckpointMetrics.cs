using System.Diagnostics.Metrics;

namespace ShopStream.Core.Checkpoints;

/// <summary>
/// How this process checkpoints, as OpenTelemetry metrics on the <see cref="MeterName"/> meter: the duration of each
/// checkpoint (a histogram), the checkpoints written (a counter) and the seconds since the last one (a gauge observed
/// at each scrape). The meter comes from the host's <see cref="IMeterFactory"/>, so only that host exports it.
/// Checkpoints of several partitions may be written at once: thread-safe.
/// </summary>
public sealed class CheckpointMetrics
{
    public const string MeterName = "ShopStream.Checkpoints";

    // From a millisecond (a small partition) to a minute (gigabytes of state on a slow disk).
    private static readonly double[] s_buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _written;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private long _count;
    private DateTime? _lastAt;
    private TimeSpan _lastDuration;

    public CheckpointMetrics(IMeterFactory meters, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _time = time;
        var meter = meters.Create(MeterName);
        _duration = meter.CreateHistogram("shopstream.checkpoint.duration", "s", "Time to write one checkpoint (the stream is paused meanwhile for run)",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_buckets });
        _written = meter.CreateCounter<long>("shopstream.checkpoints.written", "{checkpoint}", "Checkpoints this process wrote");
        meter.CreateObservableGauge("shopstream.checkpoint.age", () => Last is { } last
            ? new[] { new Measurement<double>((_time.GetUtcNow().UtcDateTime - last.At).TotalSeconds) } : [], "s", "Seconds since this process wrote its last checkpoint");
    }

    /// <summary>Checkpoints recorded so far.</summary>
    public long Written
    {
        get
        {
            lock (_lock)
                return _count;
        }
    }

    /// <summary>When the last checkpoint was written and how long it took; null before the first.</summary>
    public (DateTime At, TimeSpan Duration)? Last
    {
        get
        {
            lock (_lock)
                return _lastAt is { } at ? (at, _lastDuration) : null;
        }
    }

    /// <summary>A checkpoint was just written, in <paramref name="duration"/>.</summary>
    public void Record(TimeSpan duration)
    {
        lock (_lock)
        {
            _count++;
            _lastAt = _time.GetUtcNow().UtcDateTime;
            _lastDuration = duration;
        }

        _duration.Record(duration.TotalSeconds);
        _written.Add(1);
    }
}
