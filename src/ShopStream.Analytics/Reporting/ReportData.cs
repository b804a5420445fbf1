namespace ShopStream.Analytics.Reporting;

/// <summary>The numbers a business report shows, read from the lake's silver and gold tables.</summary>
public sealed record ReportData
{
    /// <summary>The jobs' gold tables built from another version of <c>silver_events</c> than the one the report reads; null when none was.</summary>
    public StaleGold? StaleGold { get; init; }

    public required DateTime From { get; init; }

    public required DateTime To { get; init; }

    /// <summary>The months since a cohort's first that the report's cohort table shows (+0 to +11); <see cref="CohortsCut"/> says when there are more.</summary>
    public const int CohortMonthsShown = 12;

    /// <summary>A note under the cohort table when <c>gold_cohorts</c> holds later months than it shows; null when it shows them all.</summary>
    public string? CohortsCut => Cohorts.Count > 0 && Cohorts.Max(c => c.MonthsSince) >= CohortMonthsShown
        ? $"Months +{CohortMonthsShown} and later are in gold_cohorts (shopstream query \"SELECT * FROM gold_cohorts\")."
        : null;

    /// <summary>True when the lake's last run accepted no events (it read none, or rejected all): there are no dates, and the jobs' tables are not shown.</summary>
    public bool IsEmpty => From == default;

    /// <summary>True when no run into the lake has finished (the first was killed between its commits, or is still writing): every table reads as empty.</summary>
    public bool NoRunFinished { get; init; }

    /// <summary>The dates the data spans, as a sentence; a lake whose last run accepted no events says so (it printed 0001-01-01; "read none" was wrong for a run that rejected all).</summary>
    public string Span => IsEmpty
        ? NoRunFinished
            ? "No events: no run into the lake has finished yet (one was killed before its last commit, or is still writing)."
            : "No events: the lake's last run accepted none."
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Data from {From:yyyy-MM-dd} to {To:yyyy-MM-dd} (UTC).");

    /// <summary>The dates in a few words, for the command's one-line summary.</summary>
    public string ShortSpan => IsEmpty ? "no events" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}");

    /// <summary>Said under the dates when <see cref="StaleGold"/> is set, so the files themselves say their figures are mixed.</summary>
    public string? StaleNote => StaleGold is { } stale
        ? $"Note: {stale.Facts}, so the {stale.Figures} figures are older than the key figures and the funnel (run {stale.Remedy})."
        : null;

    public required decimal Revenue { get; init; }

    public required long Orders { get; init; }

    public required long Customers { get; init; }

    public required long Users { get; init; }

    public required long Sessions { get; init; }

    /// <summary>The session funnel: sessions with a view, with a cart, with a purchase.</summary>
    public required long ViewSessions { get; init; }

    public required long CartSessions { get; init; }

    public required long PurchaseSessions { get; init; }

    /// <summary>Revenue per order, to the cent (half away from zero) from the unrounded revenue.</summary>
    public required decimal AverageOrderValue { get; init; }

    public decimal ConversionRate => Sessions == 0 ? 0 : (decimal)PurchaseSessions / Sessions;

    public required IReadOnlyList<DailyPoint> Daily { get; init; }

    /// <summary>Profile segments (SPEC): name, users, revenue.</summary>
    public required IReadOnlyList<SegmentRow> Segments { get; init; }

    /// <summary>RFM segments: name, customers, monetary.</summary>
    public required IReadOnlyList<SegmentRow> RfmSegments { get; init; }

    public required IReadOnlyList<CohortCell> Cohorts { get; init; }

    public required IReadOnlyList<ProductRow> TopProducts { get; init; }

    /// <summary>Campaigns with their spend and return (empty when <c>gold/campaign_roi</c> has not been built).</summary>
    public IReadOnlyList<CampaignRow> Campaigns { get; init; } = [];
}
