using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Windows;
using ShopStream.Core.Text;

namespace ShopStream.Core.Processing;

/// <summary>How the stream is processed. Defaults are SPEC's.</summary>
public sealed record PipelineOptions
{
    /// <summary>State partitions (by user id); each is processed by its own thread.</summary>
    public int Partitions { get; init; } = Environment.ProcessorCount;

    /// <summary>Threads that parse and validate records (blocks are still handed on in input order).</summary>
    public int ParseThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>A gap greater than this between a user's consecutive events starts a new session.</summary>
    public TimeSpan SessionGap { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long (in event time, behind the watermark) an event's fingerprint is kept for dedup.</summary>
    public TimeSpan DedupHorizon { get; init; } = TimeSpan.FromHours(48);

    /// <summary>
    /// A user with no open session whose last event is this far behind the watermark is moved out of memory to the
    /// spill (when <see cref="SpillFolder"/> is set). Null: the dedup horizon. Results do not depend on it.
    /// </summary>
    public TimeSpan? StateHorizon { get; init; }

    /// <summary>
    /// Where partitions write idle users and closed sessions as sorted runs, so memory holds only active state;
    /// null keeps every user and session in memory until the end. Removed when the run's result is disposed.
    /// </summary>
    public string? SpillFolder { get; init; }

    /// <summary>Idle users per spill run (about 20 MB of state at the default; tests make it small to write many runs).</summary>
    internal int UsersPerSpillRun { get; init; } = 65_536;

    /// <summary>Closed sessions per spill run (about 17 MB at the default).</summary>
    internal int SessionsPerSpillRun { get; init; } = 262_144;

    /// <summary>Purchases without an order id per spill run (about 4 MB at the default).</summary>
    internal int OrdersPerSpillRun { get; init; } = 65_536;

    /// <summary>The state horizon in effect: <see cref="StateHorizon"/> or else the dedup horizon.</summary>
    public TimeSpan EffectiveStateHorizon => StateHorizon ?? DedupHorizon;

    /// <summary>Watermark = max event time seen minus this. Events behind the watermark are counted as late.</summary>
    public TimeSpan AllowedDisorder { get; init; } = TimeSpan.FromMinutes(5);

    public SegmentRules Segments { get; init; } = SegmentRules.Default;

    /// <summary>Windows of <c>gold/minute_metrics</c>.</summary>
    public WindowSpec MinuteWindow { get; init; } = TumblingWindow.Of(TimeSpan.FromMinutes(1));

    /// <summary>Windows of <c>gold/hourly_metrics</c>.</summary>
    public WindowSpec HourWindow { get; init; } = TumblingWindow.Of(TimeSpan.FromHours(1));

    /// <summary>Windows of <c>gold/hourly_rolling_metrics</c>: the last hour, every 5 minutes.</summary>
    public WindowSpec RollingWindow { get; init; } = HoppingWindow.Of(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));

    /// <summary>Late data policy of the windows; events beyond its lateness are dropped from them (and dead-lettered).</summary>
    public LatePolicy Late { get; init; } = LatePolicy.Drop(TimeSpan.FromHours(48));

    /// <summary>Trending products per hour (<c>trending_products</c>).</summary>
    public TrendingRules Trending { get; init; } = TrendingRules.Default;

    /// <summary>Thresholds of <c>alerts</c>: traffic and revenue anomalies, price changes, fraud signals.</summary>
    public AlertRules Alerts { get; init; } = AlertRules.Default;

    /// <summary>
    /// False: only the core job (dedup, sessions, profiles and the summary). Windows, product and category metrics,
    /// trending products, orders and alerts are then neither computed nor written.
    /// </summary>
    public bool Analytics { get; init; } = true;

    /// <summary>Events per batch handed between threads.</summary>
    public int BatchSize { get; init; } = 4096;

    /// <summary>Throws <see cref="ArgumentException"/> with a user-facing message when a value is out of range.</summary>
    public void Validate()
    {
        if (Partitions is < 1 or > 1024)
            throw new ArgumentException($"partitions must be 1..1024, got {Partitions}");
        if (ParseThreads is < 1 or > 256)
            throw new ArgumentException($"parse threads must be 1..256, got {ParseThreads}");
        if (SessionGap <= TimeSpan.Zero)
            throw new ArgumentException($"session gap must be positive, got {DurationText.Format(SessionGap)}");
        if (DedupHorizon < TimeSpan.Zero || AllowedDisorder < TimeSpan.Zero)
            throw new ArgumentException("dedup horizon and allowed disorder must not be negative");
        if (UsersPerSpillRun < 1 || SessionsPerSpillRun < 1 || OrdersPerSpillRun < 1)
            throw new ArgumentException("spill runs must hold at least one user, one session and one order");
        if (StateHorizon < TimeSpan.Zero)
            throw new ArgumentException($"state horizon must not be negative, got {DurationText.Format(StateHorizon.Value)}");
        if (BatchSize is < 1 or > 1 << 20)
            throw new ArgumentException($"batch size must be 1..1048576, got {BatchSize}");
        if (Trending.Top < 1 || Trending.MinViews < 1)
            throw new ArgumentException($"trending needs a positive top and minimum views, got {Trending.Top} and {Trending.MinViews}");
        Alerts.Validate();
    }
}
