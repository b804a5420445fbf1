using ShopStream.Core.Processing.Analytics;

namespace ShopStream.Core.Output;

/// <summary>Writes <c>product_hourly</c>: a product's funnel per hour, with its rates (four places).</summary>
public static class ProductHourlyCsv
{
    public static ReadOnlySpan<byte> Header =>
        "window_start,product_id,views,carts,purchases,revenue,view_to_cart_rate,cart_to_purchase_rate"u8;

    public static void Write(Stream output, IEnumerable<ProductHourly> rows)
    {
        using var w = new Utf8RowWriter(output);
        w.Line(Header);
        foreach (var r in rows)
        {
            w.Time(r.WindowStart);
            w.Int(r.ProductId);
            w.Int(r.Views);
            w.Int(r.Carts);
            w.Int(r.Purchases);
            w.Money(r.Revenue);
            w.Ratio(r.Carts, r.Views);
            w.Ratio(r.Purchases, r.Carts);
            w.EndRow();
        }
    }
}
