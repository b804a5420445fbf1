namespace ShopStream.Analytics.Reporting;

/// <summary>One cell of the retention matrix.</summary>
public sealed record CohortCell(DateTime CohortMonth, int MonthsSince, long CohortSize, long ActiveCustomers, decimal Revenue)
{
    /// <summary>
    /// Active per cohort size, exact: <c>gold_cohorts.retention_rate</c> is rounded to four places, and a percentage
    /// to one decimal of that was rounded twice (30 of 328, 9.146%, showed as 9.2% from 0.0915).
    /// </summary>
    public decimal RetentionRate => CohortSize == 0 ? 0 : (decimal)ActiveCustomers / CohortSize;
}
