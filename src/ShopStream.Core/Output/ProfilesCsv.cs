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
            WriteRow(w, p);
    }

    /// <summary>
    /// Writes the run's profiles (the rows of <see cref="RunResult.Profiles"/>), each built from the user's state just
    /// for its row: a struct on the stack, read in place through the merge (no enumerator copies of the state).
    /// </summary>
    /// <param name="rows">Also gets each row, if given.</param>
    public static void Write(Stream output, RunResult result, IResultRowSink? rows = null)
    {
        using var w = new Utf8RowWriter(output);
        w.Line(Header);
        var rules = result.Segments;
        using var users = result.Users();
        while (users.MoveNext())
        {
            var profile = users.Current.ToProfile(rules);
            WriteRow(w, profile);
            rows?.Profile(profile);
        }

        rows?.ProfilesDone();
    }

    private static void WriteRow(Utf8RowWriter w, in CustomerProfile p)
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
