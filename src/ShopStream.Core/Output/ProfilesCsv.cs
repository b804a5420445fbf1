using ShopStream.Core.Processing;
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

    /// <summary>Writes the run's profiles, formatting each row straight from the user's state (the same rows as <see cref="RunResult.Profiles"/>, without building them).</summary>
    public static void Write(Stream output, RunResult result) => Write(output, result.Users, result.Segments);

    private static void Write(Stream output, IEnumerable<UserState> users, SegmentRules rules)
    {
        using var w = new Utf8RowWriter(output);
        w.Line(Header);
        foreach (var u in users)
        {
            w.Int(u.UserId);
            w.Int(u.Counts.Events);
            w.Int(u.Counts.Views);
            w.Int(u.Counts.Carts);
            w.Int(u.Counts.Removes);
            w.Int(u.Counts.Purchases);
            w.Money(u.Counts.Revenue);
            w.Time(new DateTime(u.FirstSeen, DateTimeKind.Utc));
            w.Time(new DateTime(u.LastSeen, DateTimeKind.Utc));
            w.Int(u.Sessions);
            w.Int(u.ViewedProducts.Count);
            w.Text(u.Categories.Top());
            w.Text(u.Brands.Top());
            w.Text(SegmentRules.Name(u.SegmentBy(rules)));
            w.EndRow();
        }
    }
}
