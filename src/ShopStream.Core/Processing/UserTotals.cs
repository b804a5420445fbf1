using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Core.Processing;

/// <summary>The summary's per-user counts over a set of users: users, segments, purchasing users, revenue, converting sessions.</summary>
internal sealed record UserTotals(long Users, long[] Segments, long Purchasing, decimal Revenue, long ConvertedSessions)
{
    public static UserTotals Empty { get; } = new(0, new long[SegmentRules.All.Count], 0, 0m, 0);

    public static UserTotals Of(RowCursor<UserState> users, SegmentRules rules)
    {
        var segments = new long[SegmentRules.All.Count];
        long count = 0, purchasing = 0, converted = 0;
        decimal revenue = 0;
        while (users.MoveNext())
        {
            ref readonly var u = ref users.Current;
            ref readonly var c = ref u.Counts;
            segments[(int)u.SegmentBy(rules)]++;
            purchasing += c.Purchases > 0 ? 1 : 0;
            revenue += c.Revenue;
            converted += u.ConvertedSessions;
            count++;
        }

        return new UserTotals(count, segments, purchasing, revenue, converted);
    }

    public UserTotals Plus(UserTotals other) => new(
        Users + other.Users,
        [.. Segments.Zip(other.Segments, static (a, b) => a + b)],
        Purchasing + other.Purchasing,
        Revenue + other.Revenue,
        ConvertedSessions + other.ConvertedSessions);
}
