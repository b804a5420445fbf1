namespace ShopStream.Analytics.Reporting;

/// <summary>A campaign's spend and what its orders brought.</summary>
public sealed record CampaignRow(string CampaignId, string Channel, decimal Spend, long Orders, decimal Revenue, decimal? Roas);
