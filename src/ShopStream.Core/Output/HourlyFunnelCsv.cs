using System.Text;
using ShopStream.Core.Processing.Analytics;

namespace ShopStream.Core.Output;

/// <summary>
/// Writes <c>product_hourly</c> and <c>category_hourly</c>: a key's funnel per hour, with its rates (four places).
/// The two tables differ only in their key column.
/// </summary>
public static class HourlyFunnelCsv
{
    public static void WriteProducts(Stream output, IEnumerable<ProductHourly> rows) =>
        Write(output, "product_id", rows, static (w, r) => w.Int(r.ProductId), static r => (r.WindowStart, r.Views, r.Carts, r.Purchases, r.Revenue));

    public static void WriteCategories(Stream output, IEnumerable<CategoryHourly> rows) =>
        Write(output, "category", rows, static (w, r) => w.Text(r.Category), static r => (r.WindowStart, r.Views, r.Carts, r.Purchases, r.Revenue));

    private static void Write<T>(
        Stream output, string keyColumn, IEnumerable<T> rows, Action<Utf8RowWriter, T> writeKey,
        Func<T, (DateTime WindowStart, long Views, long Carts, long Purchases, decimal Revenue)> funnel)
    {
        using var w = new Utf8RowWriter(output);
        w.Line(Encoding.ASCII.GetBytes($"window_start,{keyColumn},views,carts,purchases,revenue,view_to_cart_rate,cart_to_purchase_rate"));
        foreach (var row in rows)
        {
            var f = funnel(row);
            w.Time(f.WindowStart);
            writeKey(w, row);
            w.Int(f.Views);
            w.Int(f.Carts);
            w.Int(f.Purchases);
            w.Money(f.Revenue);
            w.Ratio(f.Carts, f.Views);
            w.Ratio(f.Purchases, f.Carts);
            w.EndRow();
        }
    }
}
