using ShopStream.Core.Processing.Windows;

namespace ShopStream.Core.Output;

/// <summary>
/// Writes window metrics as CSV: SPEC's <c>gold/hourly_metrics</c> columns, then the funnel rates
/// (carts per view, purchases per cart, to four places).
/// </summary>
public static class WindowMetricsCsv
{
    public static ReadOnlySpan<byte> Header =>
        "window_start,events,views,carts,removes,purchases,revenue,users,view_to_cart_rate,cart_to_purchase_rate"u8;

    public static void Write(Stream output, IEnumerable<WindowResult> windows)
    {
        using var w = new Utf8RowWriter(output);
        w.Line(Header);
        foreach (var m in windows)
        {
            w.Time(m.WindowStart);
            w.Int(m.Events);
            w.Int(m.Views);
            w.Int(m.Carts);
            w.Int(m.Removes);
            w.Int(m.Purchases);
            w.Money(m.Revenue);
            w.Int(m.Users);
            w.Rate(m.ViewToCartRate);
            w.Rate(m.CartToPurchaseRate);
            w.EndRow();
        }
    }
}
