namespace ShopStream.Analytics.Reporting;

/// <summary>A campaign's spend (null in a table built before an empty spend was refused) and what its orders brought.</summary>
public sealed record CampaignRow(string CampaignId, string Channel, decimal? Spend, long Orders, decimal Revenue, decimal? Roas);
