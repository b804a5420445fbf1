using ShopStream.Core.Processing;

namespace ShopStream.Benchmarks.EndToEnd;

/// <summary>Compares the SPEC summary numbers both engines produce (revenue to the cent).</summary>
internal static class SummaryComparison
{
    private static readonly string[] s_types = ["view", "cart", "remove_from_cart", "purchase"];
    private static readonly string[] s_segments = ["high_value", "converting", "interested", "active_browser", "casual"];

    /// <summary>One line per differing number, e.g. <c>users: shopstream=10 duckdb=11</c>; empty when all agree.</summary>
    public static List<string> Compare(RunSummary a, RunSummary b, string nameA, string nameB)
    {
        var diffs = new List<string>();
        void Check(string field, decimal x, decimal y)
        {
            if (x != y)
                diffs.Add($"{field}: {nameA}={x} {nameB}={y}");
        }

        Check("events_read", a.EventsRead, b.EventsRead);
        Check("duplicates", a.DuplicatesDropped, b.DuplicatesDropped);
        foreach (var t in s_types)
            Check($"events_by_type.{t}", a.EventsOf(t), b.EventsOf(t));
        Check("users", a.Users, b.Users);
        Check("sessions", a.Sessions, b.Sessions);
        Check("sessions_with_purchase", a.SessionsWithPurchase, b.SessionsWithPurchase);
        Check("purchasing_users", a.PurchasingUsers, b.PurchasingUsers);
        Check("revenue", Math.Round(a.Revenue, 2, MidpointRounding.AwayFromZero), Math.Round(b.Revenue, 2, MidpointRounding.AwayFromZero));
        foreach (var s in s_segments)
            Check($"segments.{s}", a.SegmentCount(s), b.SegmentCount(s));
        return diffs;
    }
}
