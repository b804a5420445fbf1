namespace ShopStream.Analytics.Tests;

/// <summary>A clock tests move by hand: <see cref="Advance"/> sets the time and fires the timers that fall due, in order.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    /// <summary>How much sooner than due a timer of a second or more fires, as the system's timers may (by a millisecond).</summary>
    public TimeSpan Early { get; init; }

    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
            return _now;
    }

    /// <summary>Timers waiting (a scheduler waiting for its next fire time has one).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
                return _timers.Count(t => t.FireAt is not null);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        lock (_gate)
            _timers.Add(timer);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
            target = _now + by;
        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.FireAt is { } d && d <= target).OrderBy(t => t.FireAt).FirstOrDefault();
                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = next.FireAt!.Value;
                next.Due = next.Period > TimeSpan.Zero ? next.Due + next.Period : null;
            }

            next.Fire();
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        /// <summary>When it fires: <see cref="Due"/>, or sooner by <see cref="Early"/> for a wait of a second or more.</summary>
        public DateTimeOffset? FireAt => Due - (_wait >= TimeSpan.FromSeconds(1) ? owner.Early : TimeSpan.Zero);

        public TimeSpan Period { get; private set; }

        private TimeSpan _wait;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                _wait = dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            }

            return true;
        }

        public void Dispose()
        {
            lock (owner._gate)
                owner._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
