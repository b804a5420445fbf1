namespace ShopStream.Analytics.Reporting;

/// <summary>One day's revenue and orders.</summary>
public sealed record DailyPoint(DateTime Day, decimal Revenue, long Orders);
