namespace ShopStream.Analytics.Jobs;

/// <summary>What a run of the gold models does: which models, how often to retry, whether to skip up-to-date ones.</summary>
public sealed record GoldRunOptions
{
    /// <summary>Selectors (<c>rfm</c>, <c>rfm+</c> with downstream, <c>+ml_features</c> with upstream); empty: every model.</summary>
    public IReadOnlyList<string> Select { get; init; } = [];

    /// <summary>Attempts per model before it counts as failed (transient errors such as an I/O error or a commit race).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before a retry (doubled each time), on the run's <see cref="TimeProvider"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Incremental runs: a model whose SQL version and input table versions equal those of its last good run is not
    /// recomputed (<c>up_to_date</c>). False recomputes every selected model.
    /// </summary>
    public bool Incremental { get; init; } = true;

    /// <summary>A folder for DuckDB's spill files and S3 staging; deleted afterwards.</summary>
    public string? StagingFolder { get; init; }

    /// <summary>The campaigns CSV (<see cref="CampaignSources.Header"/>); without it the campaign model does not run.</summary>
    public string? Campaigns { get; init; }

    /// <summary>DuckDB threads.</summary>
    public int Threads { get; init; } = 2;
}
