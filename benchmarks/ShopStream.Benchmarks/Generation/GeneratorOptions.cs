namespace ShopStream.Benchmarks.Generation;

/// <summary>
/// What the REES46-shaped generator writes. Defaults follow the real data: ~16 events/s (the 2019-Oct file's
/// monthly average) with a daily cycle, 89.7% view / 6.1% cart / 4.2% purchase, ~2.2 events per user, 26.7% empty
/// category_code, 24% empty brand, ~0.1% exact duplicate rows, and a few seconds of local disorder.
/// </summary>
internal sealed record GeneratorOptions
{
    /// <summary>Rows to write (duplicates included), not counting the header.</summary>
    public long Events { get; init; } = 1_000_000;

    public ulong Seed { get; init; } = 46;

    /// <summary>
    /// Users churn: returning sessions pick a user among the most recent <see cref="ChurnWindowUsers"/> new users,
    /// so new ids keep appearing and old ones stop. Off: a returning user is any user seen so far.
    /// </summary>
    public bool Churn { get; init; } = true;

    public int ChurnWindowUsers { get; init; } = 500_000;

    /// <summary>Mean events per second over a day (the daily cycle goes from half to one and a half times this).</summary>
    public double EventsPerSecond { get; init; } = 16;

    public int Products { get; init; } = 100_000;

    public double CartShare { get; init; } = 0.061;
    public double PurchaseShare { get; init; } = 0.042;

    /// <summary>Mean events per source session (user_session).</summary>
    public double EventsPerSession { get; init; } = 2.0;

    /// <summary>Share of sessions started by a returning user; events per user ≈ EventsPerSession / (1 - this).</summary>
    public double ReturningShare { get; init; } = 0.1;

    public double EmptyCategoryCodeShare { get; init; } = 0.267;
    public double EmptyBrandShare { get; init; } = 0.24;
    public double DuplicateShare { get; init; } = 0.001;

    /// <summary>Share of rows written a little earlier than their neighbours (local disorder).</summary>
    public double DisorderShare { get; init; } = 0.02;

    /// <summary>Largest step back in time of a disordered row; keep it below ShopStream's allowed disorder (5 min).</summary>
    public int MaxDisorderSeconds { get; init; } = 30;

    public static readonly DateTime Start = new(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc);
}
