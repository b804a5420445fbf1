namespace ShopStream.Core.Processing.Windows;

/// <summary>
/// What a window does about late data. A window stays open until the watermark passes its end plus
/// <see cref="Lateness"/>, then emits its final result and is evicted; events older than that are dropped from
/// window metrics (counted and dead-lettered with reason <c>late</c>, never silently lost).
/// <see cref="Drop"/> emits only the final result; <see cref="Update"/> also emits an early result as soon as the
/// watermark passes the window's end, which the final result then updates with whatever late data came.
/// </summary>
public sealed record LatePolicy
{
    private LatePolicy(TimeSpan lateness, bool emitEarly)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lateness, TimeSpan.Zero);
        Lateness = lateness;
        EmitEarly = emitEarly;
    }

    public TimeSpan Lateness { get; }

    public bool EmitEarly { get; }

    public static LatePolicy Drop(TimeSpan lateness) => new(lateness, emitEarly: false);

    public static LatePolicy Update(TimeSpan lateness) => new(lateness, emitEarly: true);

    /// <summary>True when an event at <paramref name="eventTicks"/> is beyond lateness at <paramref name="watermark"/>.</summary>
    public bool IsTooLate(long eventTicks, long watermark) => eventTicks < watermark - Lateness.Ticks;
}
