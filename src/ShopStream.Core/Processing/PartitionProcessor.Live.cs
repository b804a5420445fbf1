using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Serving;

namespace ShopStream.Core.Processing;

/// <summary>
/// Live reads of this partition's state for <see cref="LiveServingStore"/>, from another thread than the worker's:
/// only while holding <see cref="Gate"/>, which the worker holds while it applies a batch (once per batch, never
/// per event). Users are in <c>_users</c> while the stream runs and in <see cref="SortedUsers"/> once finished, so
/// every read looks at both.
/// </summary>
public sealed partial class PartitionProcessor
{
    /// <summary>Held by the thread applying a batch, finishing, or reading the state live; never across a wait for input.</summary>
    internal Lock Gate { get; } = new();

    /// <summary>The user's profile as of the events applied so far. Caller holds <see cref="Gate"/>.</summary>
    internal bool TryGetProfile(long userId, SegmentRules rules, out CustomerProfile profile)
    {
        if (_users.TryGetValue(userId, out var user) || (user = FindSorted(userId)) is not null)
        {
            profile = user.ToProfile(rules);
            return true;
        }

        profile = default;
        return false;
    }

    /// <summary>The sort keys of the users matching <paramref name="query"/>'s filters, added to <paramref name="into"/>. Caller holds <see cref="Gate"/>.</summary>
    internal void CollectMatches(ProfileQuery query, SegmentRules rules, List<ProfileKey> into)
    {
        foreach (var user in _users.Values)
            Collect(user, query, rules, into);
        foreach (var user in SortedUsers)
            Collect(user, query, rules, into);
    }

    /// <summary>Adds this partition's counts so far to <paramref name="totals"/>. Caller holds <see cref="Gate"/>.</summary>
    internal void AddTo(LiveTotals totals, SegmentRules rules)
    {
        totals.Duplicates += Duplicates;
        totals.LateEvents += LateEvents;
        for (int t = 0; t < _byType.Length; t++)
            totals.ByType[t] += _byType[t];
        foreach (var user in _users.Values)
            totals.AddUser(user, rules);
        foreach (var user in SortedUsers)
            totals.AddUser(user, rules);
        foreach (var session in _sessions.Closed)
            totals.AddClosedSession(session);
    }

    private static void Collect(UserState user, ProfileQuery query, SegmentRules rules, List<ProfileKey> into)
    {
        ref readonly var c = ref user.Counts;
        if (query.Segment is { } segment && user.SegmentBy(rules) != segment)
            return;
        if (query.MinRevenue is { } min && c.Revenue < min)
            return;
        into.Add(new ProfileKey(user.UserId, c.Revenue, c.Events, user.LastSeen));
    }

    private UserState? FindSorted(long userId)
    {
        var users = SortedUsers;
        int lo = 0, hi = users.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long id = users[mid].UserId;
            if (id == userId)
                return users[mid];
            if (id < userId)
                lo = mid + 1;
            else
                hi = mid - 1;
        }

        return null;
    }
}
