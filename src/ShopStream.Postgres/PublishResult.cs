namespace ShopStream.Postgres;

/// <summary>What a publication wrote, table by table, and the version it wrote with.</summary>
public sealed record PublishResult(
    long Version,
    RowCounts Profiles,
    RowCounts Sessions,
    RowCounts HourlyMetrics,
    RowCounts MinuteMetrics,
    bool SummaryWritten);
