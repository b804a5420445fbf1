namespace ShopStream.Postgres;

/// <summary>
/// The version a publication's rows carry. A row is only replaced by a publication of the same or a higher version,
/// so replaying an older run never moves a value backwards. By default it is the run's last event time, in
/// microseconds since 1970-01-01 UTC: a run over a longer stretch of the stream is newer, and a replay of the same
/// run writes the same values again.
/// </summary>
public static class PublicationVersion
{
    /// <summary>The version of a run without events: it replaces nothing that a run with events wrote.</summary>
    public const long Empty = 0;

    /// <summary>The default version of a run whose latest event time is <paramref name="lastEventTime"/> (null: no events).</summary>
    public static long FromLastEventTime(DateTime? lastEventTime) =>
        lastEventTime is { } t ? (t.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond : Empty;
}
