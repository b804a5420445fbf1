namespace ShopStream.Analytics.Quality;

/// <summary>
/// One data-quality check as declared in <c>Models/checks.json</c>. It runs once its <see cref="Table"/> is ready (a
/// lake table at the start of the run, a model's table once the model has computed it, before its commit); a failed
/// <see cref="Blocking"/> check keeps that table from being committed and stops everything downstream of it.
/// </summary>
public sealed record QualityCheck
{
    public required string Name { get; init; }

    /// <summary>The view checked (<c>silver_events</c>, <c>gold_rfm</c>, ...).</summary>
    public required string Table { get; init; }

    public required QualityCheckKind Kind { get; init; }

    public bool Blocking { get; init; } = true;

    /// <summary>The column tested (not-null, accepted values, range, freshness).</summary>
    public string? Column { get; init; }

    /// <summary>The key columns (unique).</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>The accepted values, compared as text.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    public double? Min { get; init; }

    public double? Max { get; init; }

    public double? MaxAgeHours { get; init; }

    /// <summary>Reconcile: two SQL queries of one number each, declared in the checks file (never user text).</summary>
    public string? Left { get; init; }

    public string? Right { get; init; }

    public decimal Tolerance { get; init; }

    /// <summary>
    /// Reconcile: more tolerance for each row of <see cref="Table"/>, where each row's number is rounded (0.005 for a
    /// sum of rows rounded to cents: their rounding adds up, up to half a cent a row).
    /// </summary>
    public decimal TolerancePerRow { get; init; }
}
