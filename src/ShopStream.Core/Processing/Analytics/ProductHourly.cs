namespace ShopStream.Core.Processing.Analytics;

/// <summary>One row of <c>product_hourly</c>: a product's funnel in one hour of event time.</summary>
public readonly record struct ProductHourly(DateTime WindowStart, long ProductId, long Views, long Carts, long Purchases, decimal Revenue)
{
    /// <summary>Carts per view; 0 without views.</summary>
    public decimal ViewToCartRate => FunnelCounts.Rate(Carts, Views);

    /// <summary>Purchases per cart; 0 without carts.</summary>
    public decimal CartToPurchaseRate => FunnelCounts.Rate(Purchases, Carts);
}
