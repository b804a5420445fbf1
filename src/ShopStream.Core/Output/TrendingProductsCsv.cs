using ShopStream.Core.Processing.Analytics;

namespace ShopStream.Core.Output;

/// <summary>Writes <c>trending_products</c>: per hour, the ranked products and their growth (four places).</summary>
public static class TrendingProductsCsv
{
    public static ReadOnlySpan<byte> Header => "window_start,rank,product_id,views,previous_views,growth"u8;

    public static void Write(Stream output, IEnumerable<TrendingProduct> rows)
    {
        using var w = new Utf8RowWriter(output);
        w.Line(Header);
        foreach (var r in rows)
        {
            w.Time(r.WindowStart);
            w.Int(r.Rank);
            w.Int(r.ProductId);
            w.Int(r.Views);
            w.Int(r.PreviousViews);
            w.Rate(r.Growth);
            w.EndRow();
        }
    }
}
