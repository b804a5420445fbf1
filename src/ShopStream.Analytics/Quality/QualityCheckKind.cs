namespace ShopStream.Analytics.Quality;

/// <summary>What a data-quality check tests (its <c>kind</c> in <c>checks.json</c>).</summary>
public enum QualityCheckKind
{
    /// <summary>No row has the column NULL.</summary>
    NotNull,

    /// <summary>No two rows share the key columns.</summary>
    Unique,

    /// <summary>Every non-NULL value of the column is one of the listed values.</summary>
    AcceptedValues,

    /// <summary>Every non-NULL value of the column lies within [min, max] (either bound optional).</summary>
    Range,

    /// <summary>The column's latest time is at most <c>max_age_hours</c> before the run's time.</summary>
    Freshness,

    /// <summary>The table has at least <c>min</c> rows.</summary>
    RowCount,

    /// <summary>Two scalar queries (<c>left</c>, <c>right</c>) agree within <c>tolerance</c>: counts or sums across layers.</summary>
    Reconcile,
}
