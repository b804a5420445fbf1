namespace ShopStream.Core.Processing.Analytics;

/// <summary>The alert types (stable names, as written in <c>alerts.csv</c>).</summary>
public static class AlertTypes
{
    /// <summary>A minute's events far from the median of the minutes before (key empty).</summary>
    public const string Traffic = "traffic";

    /// <summary>A minute's revenue far from the median of the minutes before (key empty).</summary>
    public const string Revenue = "revenue";

    /// <summary>A product's price moved by the ratio or more against its previous price (key: product id).</summary>
    public const string PriceChange = "price_change";

    /// <summary>Many orders from one user in a short window (key: user id).</summary>
    public const string PurchaseBurst = "purchase_burst";

    /// <summary>An order far above the user's mean previous order (key: user id).</summary>
    public const string OrderValue = "order_value";

    /// <summary>A product's stock in a warehouse fell below the low-stock threshold (key: product id@warehouse).</summary>
    public const string LowStock = "low_stock";
}
