namespace ShopStream.Analytics.Reporting;

/// <summary>One cell of the retention matrix.</summary>
public sealed record CohortCell(DateTime CohortMonth, int MonthsSince, long CohortSize, decimal RetentionRate, decimal Revenue);
