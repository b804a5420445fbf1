namespace ShopStream.Analytics.Quality;

/// <summary>A check's outcome in one run: passed or not, the failing rows (or the two sides of a reconciliation) and why.</summary>
public sealed record QualityResult(QualityCheck Check, bool Passed, long FailingRows, string Observed, string Expected)
{
    /// <summary>A failed check that stops the tables downstream of it.</summary>
    public bool BlocksDownstream => !Passed && Check.Blocking;

    /// <summary>A check on a table that cannot be read (a damaged data file or log): failed, with DuckDB's reason.</summary>
    public static QualityResult Unreadable(QualityCheck check, string reason) =>
        new(check, false, 0, "cannot be read: " + reason, "a readable table");
}
