using System.Globalization;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Core.Tests;

/// <summary>
/// SPEC's profile and session definitions computed the plain way, with LINQ over the REES46 CSV lines:
/// drop exact duplicate rows, sort each user's events by time, split sessions on gaps over 30 minutes.
/// Independent of the pipeline's streaming operators, so the two can be compared user by user.
/// </summary>
internal static class ReferenceModel
{
    private static readonly TimeSpan s_gap = TimeSpan.FromMinutes(30);

    private sealed record Row(int Order, DateTime Time, string Type, long Product, string Category, string Brand, decimal Price, long User);

    public static (List<CustomerProfile> Profiles, List<SessionRecord> Sessions) Compute(IEnumerable<string> csvLines)
    {
        var rows = csvLines.Skip(1)
            .Where(l => l.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Select(Parse)
            .ToList();

        var profiles = new List<CustomerProfile>();
        var sessions = new List<SessionRecord>();
        foreach (var user in rows.GroupBy(r => r.User).OrderBy(g => g.Key))
        {
            var events = user.OrderBy(r => r.Time).ThenBy(r => r.Order).ToList();
            var userSessions = Sessionize(events).Select(s => ToSession(user.Key, s)).ToList();
            sessions.AddRange(userSessions);
            profiles.Add(ToProfile(user.Key, events, userSessions.Count));
        }

        return (profiles, sessions);
    }

    private static Row Parse(string line, int order)
    {
        var f = line.Split(',');
        return new Row(
            order,
            DateTime.ParseExact(f[0], "yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            f[1],
            long.Parse(f[2], CultureInfo.InvariantCulture),
            f[4],
            f[5],
            decimal.Parse(f[6], CultureInfo.InvariantCulture),
            long.Parse(f[7], CultureInfo.InvariantCulture));
    }

    private static IEnumerable<List<Row>> Sessionize(List<Row> sorted)
    {
        var current = new List<Row> { sorted[0] };
        foreach (var r in sorted.Skip(1))
        {
            if (r.Time - current[^1].Time > s_gap)
            {
                yield return current;
                current = [];
            }

            current.Add(r);
        }

        yield return current;
    }

    private static SessionRecord ToSession(long user, List<Row> s) => new(
        user, s[0].Time, s[^1].Time, s.Count,
        s.Count(r => r.Type == "view"), s.Count(r => r.Type == "cart"), s.Count(r => r.Type == "purchase"),
        s.Where(r => r.Type == "purchase").Sum(r => r.Price));

    private static CustomerProfile ToProfile(long user, List<Row> events, int sessionCount)
    {
        int views = events.Count(r => r.Type == "view");
        int carts = events.Count(r => r.Type == "cart");
        int purchases = events.Count(r => r.Type == "purchase");
        decimal revenue = events.Where(r => r.Type == "purchase").Sum(r => r.Price);
        return new CustomerProfile(
            user, events.Count, views, carts, events.Count(r => r.Type == "remove_from_cart"), purchases, revenue,
            events.Min(r => r.Time), events.Max(r => r.Time), sessionCount,
            events.Where(r => r.Type == "view").Select(r => r.Product).Distinct().Count(),
            Top(events.Select(r => r.Category)), Top(events.Select(r => r.Brand)),
            Segment(revenue, purchases, carts, views));
    }

    // Most frequent non-empty value; ties go to the smallest by code point, here as UTF-8 bytes (SQL's order).
    private static string? Top(IEnumerable<string> values) => values
        .Where(v => v.Length > 0)
        .GroupBy(v => v, StringComparer.Ordinal)
        .OrderByDescending(g => g.Count())
        .ThenBy(g => g.Key, s_utf8Order)
        .Select(g => g.Key)
        .FirstOrDefault();

    private static readonly IComparer<string> s_utf8Order = Comparer<string>.Create(
        static (a, b) => System.Text.Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(b)));

    // SPEC's default thresholds, written out independently of SegmentRules.
    private static CustomerSegment Segment(decimal revenue, int purchases, int carts, int views) =>
        revenue >= 1000m ? CustomerSegment.HighValue
        : purchases >= 1 ? CustomerSegment.Converting
        : carts >= 1 ? CustomerSegment.Interested
        : views >= 5 ? CustomerSegment.ActiveBrowser
        : CustomerSegment.Casual;
}
