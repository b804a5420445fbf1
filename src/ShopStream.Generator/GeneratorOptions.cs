namespace ShopStream.Generator;

/// <summary>
/// What to generate. Exactly one of <see cref="Events"/> and <see cref="Duration"/> bounds the run. The output is a
/// function of these options alone: the same options give the same bytes.
/// </summary>
public sealed record GeneratorOptions
{
    /// <summary>The REES46 2019-Oct file's first day, a Tuesday.</summary>
    public static readonly DateTime DefaultStart = new(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Records to write, faults included (header excluded).</summary>
    public long? Events { get; init; }

    /// <summary>Event time to cover from <see cref="Start"/>.</summary>
    public TimeSpan? Duration { get; init; }

    public ulong Seed { get; init; } = 46;

    public OutputFormat Format { get; init; } = OutputFormat.Rees46;

    /// <summary>Event time of the start of the traffic (UTC, whole seconds).</summary>
    public DateTime Start { get; init; } = DefaultStart;

    /// <summary>
    /// Mean sessions started per hour of event time, before daily and weekly seasonality. The default (30,000, about
    /// 15 events a second) gives the REES46 2019-Oct file's volume, about 40 million events a month.
    /// </summary>
    public double SessionsPerHour { get; init; } = 30_000;

    /// <summary>Products in the catalogue (the REES46 electronics store has 53,453).</summary>
    public int Products { get; init; } = 50_000;

    public FunnelRates Funnel { get; init; } = FunnelRates.Rees46Electronics;

    public FaultRates Faults { get; init; } = FaultRates.None;

    /// <summary>
    /// The consumer's allowed disorder (ShopStream's default, 5 minutes): out-of-order faults stay within 80% of it,
    /// late faults arrive beyond it, so the consumer counts exactly the injected late records as late.
    /// </summary>
    public TimeSpan AllowedDisorder { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Where generated time ends at the latest: a margin under the readers' last accepted year (2100).</summary>
    public static readonly DateTime TimeLimit = new(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Throws <see cref="ArgumentException"/> with a user-facing message when a value is out of range.</summary>
    public void Validate()
    {
        if (Events.HasValue == Duration.HasValue)
            throw new ArgumentException("give exactly one of --events N or --duration D");
        if (Events is <= 0)
            throw new ArgumentException($"--events must be positive, got {Events}");
        if (Duration is { } d && d < TimeSpan.FromSeconds(1))
            throw new ArgumentException($"--duration must be at least 1s, got {Seconds(d)}");
        if (Start.Kind == DateTimeKind.Local || Start.Year is < 1971 or > 2090 || Start.Ticks % TimeSpan.TicksPerSecond != 0)
            throw new ArgumentException("the start must be a UTC time in whole seconds between 1971 and 2090");
        if (Duration is { } span && Start + span > TimeLimit)
            throw new ArgumentException("the generated time must end before 2099");
        if (SessionsPerHour is not (>= 0.01 and <= 1e9))
            throw new ArgumentException($"sessions per hour must be within 0.01..1e9, got {SessionsPerHour}");
        if (Products is < 10 or > 1_000_000)
            throw new ArgumentException($"products must be within 10..1,000,000, got {Products}");
        if (AllowedDisorder < TimeSpan.FromSeconds(10) || AllowedDisorder > TimeSpan.FromDays(1))
            throw new ArgumentException($"the allowed disorder must be within 10s..1d, got {Seconds(AllowedDisorder)}");
        Funnel.Validate();
        Faults.Validate();
    }

    // As the options are written (30s, not 00:00:30).
    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "s";
}
