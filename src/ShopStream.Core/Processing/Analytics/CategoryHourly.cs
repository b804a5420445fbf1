namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// One row of <c>category_hourly</c>: a top-level category's funnel in one hour of event time. The category is
/// the part of <c>category_code</c> before the first dot (<c>electronics</c> for <c>electronics.smartphone</c>),
/// empty for events without one.
/// </summary>
public readonly record struct CategoryHourly(DateTime WindowStart, string Category, long Views, long Carts, long Purchases, decimal Revenue)
{
    /// <summary>Carts per view; 0 without views.</summary>
    public decimal ViewToCartRate => FunnelCounts.Rate(Carts, Views);

    /// <summary>Purchases per cart; 0 without carts.</summary>
    public decimal CartToPurchaseRate => FunnelCounts.Rate(Purchases, Carts);

    /// <summary>The top-level category of a <c>category_code</c>, as a slice of it (no string is made per event).</summary>
    public static ReadOnlySpan<char> TopLevel(string? categoryCode)
    {
        var code = categoryCode.AsSpan();
        int dot = code.IndexOf('.');
        return dot < 0 ? code : code[..dot];
    }

    internal CategoryHourly Plus(in CategoryHourly other) => this with
    {
        Views = Views + other.Views,
        Carts = Carts + other.Carts,
        Purchases = Purchases + other.Purchases,
        Revenue = Revenue + other.Revenue,
    };
}
