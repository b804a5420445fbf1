using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Core.Output;

/// <summary>Writes <c>gold/profiles</c> rows as CSV with SPEC's column names.</summary>
public static class ProfilesCsv
{
    public static ReadOnlySpan<byte> Header =>
        "user_id,events,views,carts,removes,purchases,revenue,first_seen,last_seen,sessions,products_viewed,top_category,top_brand,segment"u8;

    public static void Write(Stream output, IEnumerable<CustomerProfile> profiles)
    {
        using var w = new Utf8RowWriter(output);
        w.Line(Header);
        foreach (var p in profiles)
        {
            w.Int(p.UserId);
            w.Int(p.Events);
            w.Int(p.Views);
            w.Int(p.Carts);
            w.Int(p.Removes);
            w.Int(p.Purchases);
            w.Money(p.Revenue);
            w.Time(p.FirstSeen);
            w.Time(p.LastSeen);
            w.Int(p.Sessions);
            w.Int(p.ProductsViewed);
            w.Text(p.TopCategory);
            w.Text(p.TopBrand);
            w.Text(SegmentRules.Name(p.Segment));
            w.EndRow();
        }
    }
}
