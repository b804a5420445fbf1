namespace ShopStream.Api.Store;

/// <summary>A product's funnel over the whole run: <c>product_hourly</c> rows added up.</summary>
public sealed record ProductTotal(long ProductId, long Views, long Carts, long Purchases, decimal Revenue);
