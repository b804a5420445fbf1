namespace ShopStream.Analytics.Jobs;

/// <summary>How a model's step of a run ended (the <c>status</c> column of <c>gold/job_runs</c>).</summary>
public static class ModelStatus
{
    /// <summary>Computed, checked and committed as a new table version.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Computed and checked; the rows equal the latest version's, so nothing was committed.</summary>
    public const string Unchanged = "unchanged";

    /// <summary>Not recomputed: same SQL version and the same input versions as its last good run.</summary>
    public const string UpToDate = "up_to_date";

    /// <summary>Computed, but a blocking check on its rows failed: not committed.</summary>
    public const string Blocked = "blocked";

    /// <summary>Not run: an input failed a blocking check or its model did not succeed.</summary>
    public const string Skipped = "skipped";

    /// <summary>An error on every attempt.</summary>
    public const string Failed = "failed";

    /// <summary>
    /// Computed, but another jobs run meanwhile committed the table from newer lake versions than this run read (it
    /// began on an older silver): that version stands, and this run's rows are not committed.
    /// </summary>
    public const string Superseded = "superseded";

    /// <summary>The statuses of a model whose table is its inputs' result (committed now or before).</summary>
    public static readonly IReadOnlyList<string> Good = [Succeeded, Unchanged, UpToDate];

    public static bool IsGood(string status) => Good.Contains(status);

    /// <summary>Whether the model's table is sound to build on after this step: its inputs' result, or a newer run's.</summary>
    public static bool Stands(string status) => IsGood(status) || status == Superseded;
}
