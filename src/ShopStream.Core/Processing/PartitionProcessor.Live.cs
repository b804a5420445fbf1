using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Serving;

namespace ShopStream.Core.Processing;

/// <summary>
/// Live reads of this partition's state for <see cref="LiveServingStore"/>, from another thread than the worker's:
/// only while holding <see cref="Gate"/>, which the worker holds while it applies a batch (once per batch, never
/// per event). Users stay in <c>_users</c> (the in-memory ones) before and after the partition finishes.
/// </summary>
public sealed partial class PartitionProcessor
{
    /// <summary>Held by the thread applying a batch, finishing, or reading the state live; never across a wait for input.</summary>
    internal Lock Gate { get; } = new();

    /// <summary>The user's profile as of the events applied so far. Caller holds <see cref="Gate"/>.</summary>
    internal bool TryGetProfile(long userId, SegmentRules rules, out CustomerProfile profile)
    {
        if (_users.TryGetSlot(userId, out int slot))
        {
            profile = _users[slot].ToProfile(rules);
            return true;
        }

        profile = default;
        return false;
    }

    /// <summary>The sort keys of the users matching <paramref name="query"/>'s filters, added to <paramref name="into"/>. Caller holds <see cref="Gate"/>.</summary>
    internal void CollectMatches(ProfileQuery query, SegmentRules rules, List<ProfileKey> into)
    {
        foreach (int slot in _users.Slots)
            Collect(in _users[slot], query, rules, into);
    }

    /// <summary>Adds this partition's counts so far to <paramref name="totals"/>. Caller holds <see cref="Gate"/>.</summary>
    internal void AddTo(LiveTotals totals, SegmentRules rules)
    {
        totals.Duplicates += Duplicates;
        totals.LateEvents += LateEvents;
        for (int t = 0; t < _byType.Length; t++)
            totals.ByType[t] += _byType[t];
        foreach (int slot in _users.Slots)
            totals.AddUser(in _users[slot], rules);
        if (_finished)
        {
            // Finished: the sessions as joined, as the users' counts now are (the stream's list holds them split).
            totals.CartSessions += Abandonment.Sum(h => h.CartSessions);
            totals.AbandonedSessions += Abandonment.Sum(h => h.AbandonedSessions);
            return;
        }

        foreach (var session in _sessions.Closed)
            totals.AddClosedSession(session);
    }

    private static void Collect(in UserState user, ProfileQuery query, SegmentRules rules, List<ProfileKey> into)
    {
        ref readonly var c = ref user.Counts;
        if (query.Segment is { } segment && user.SegmentBy(rules) != segment)
            return;
        if (!query.PassesMinRevenue(c.Revenue))
            return;
        into.Add(new ProfileKey(user.UserId, c.Revenue, c.Events, user.LastSeen));
    }
}
