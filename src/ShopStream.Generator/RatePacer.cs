using System.Diagnostics;

namespace ShopStream.Generator;

/// <summary>
/// Paces output to a steady rate in wall time: after every <see cref="BatchSize"/> records (about 5 ms worth) the
/// writer waits until <c>records / rate</c> seconds have passed since <see cref="Start"/>. The schedule is absolute,
/// so waits that oversleep are made up without bursts beyond one batch. Time comes from an injected
/// <see cref="TimeProvider"/>; the wait is injectable too, so tests can pace on a fake clock without sleeping.
/// </summary>
public sealed class RatePacer
{
    private readonly TimeProvider _time;
    private readonly Action<TimeSpan, CancellationToken> _wait;
    private long _start;

    public RatePacer(double eventsPerSecond, TimeProvider? time = null, Action<TimeSpan>? wait = null)
    {
        if (!(eventsPerSecond is > 0 and <= 1e9))
            throw new ArgumentException($"the rate must be more than 0 and at most 1e9 events per second, got {eventsPerSecond}");
        EventsPerSecond = eventsPerSecond;
        _time = time ?? TimeProvider.System;
        _wait = wait is null ? PreciseWait : (span, _) => wait(span);
        BatchSize = (int)Math.Clamp(eventsPerSecond / 200, 1, 4096);
    }

    public double EventsPerSecond { get; }

    /// <summary>Records written between two waits.</summary>
    public int BatchSize { get; }

    /// <summary>Total time spent waiting.</summary>
    public TimeSpan Waited { get; private set; }

    public void Start() => _start = _time.GetTimestamp();

    /// <summary>
    /// Waits until <paramref name="records"/> are due; returns at once when behind schedule, and as soon as
    /// <paramref name="cancellationToken"/> fires (a record a minute waited out the minute after Ctrl+C).
    /// </summary>
    public void WaitFor(long records, CancellationToken cancellationToken = default)
    {
        var due = TimeSpan.FromSeconds(records / EventsPerSecond);
        var ahead = due - _time.GetElapsedTime(_start);
        if (ahead <= TimeSpan.Zero)
            return;
        _wait(ahead, cancellationToken);
        Waited += ahead;
    }

    // Sleep for the bulk (the OS timer is coarse), then yield until due: no overshoot of more than a fraction of a ms.
    private void PreciseWait(TimeSpan span, CancellationToken cancellationToken)
    {
        long end = _time.GetTimestamp() + (long)(span.TotalSeconds * _time.TimestampFrequency);
        var clock = Stopwatch.StartNew();
        if (span > TimeSpan.FromMilliseconds(2) && cancellationToken.WaitHandle.WaitOne(span - TimeSpan.FromMilliseconds(1.5)))
            return;
        while (_time.GetTimestamp() < end && clock.Elapsed < span + TimeSpan.FromSeconds(1) && !cancellationToken.IsCancellationRequested)
            Thread.Yield();
    }
}
