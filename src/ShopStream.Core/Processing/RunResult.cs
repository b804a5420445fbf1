using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Processing;

/// <summary>What a run produced: the summary, profiles sorted by user id, sessions sorted by user and start.</summary>
public sealed record RunResult(RunSummary Summary, IReadOnlyList<CustomerProfile> Profiles, IReadOnlyList<SessionRecord> Sessions)
{
    internal static RunResult From(ReadCounters counters, PartitionProcessor[] partitions, SegmentRules rules)
    {
        var profiles = SortedRuns.Merge(partitions.Select(p => p.Profiles).ToArray(), static (a, b) => a.UserId.CompareTo(b.UserId));
        var sessions = SortedRuns.Merge(
            partitions.Select(p => p.Sessions).ToArray(),
            static (a, b) => a.UserId != b.UserId ? a.UserId.CompareTo(b.UserId) : a.SessionStart.CompareTo(b.SessionStart));

        var segments = new long[SegmentRules.All.Count];
        foreach (var p in profiles)
            segments[(int)p.Segment]++;

        var byType = new List<KeyValuePair<string, long>>();
        for (int t = 0; t < EventTypes.Count; t++)
        {
            var type = (EventType)t;
            long n = partitions.Sum(p => p.EventsOfType(type));
            if (EventTypes.Core.Contains(type) || n > 0)
                byType.Add(new(EventTypes.Name(type), n));
        }

        var rejected = new List<KeyValuePair<string, long>>();
        foreach (var reason in RejectReasons.All)
            rejected.Add(new(RejectReasons.Name(reason), counters.RejectedFor(reason)));

        var summary = new RunSummary
        {
            EventsRead = counters.Read,
            EventsAccepted = counters.Accepted,
            EventsRejected = counters.Rejected,
            DuplicatesDropped = partitions.Sum(p => p.Duplicates),
            RejectedByReason = rejected,
            EventsByType = byType,
            Users = profiles.Length,
            Sessions = sessions.Length,
            SessionsWithPurchase = sessions.Count(static s => s.Converted),
            PurchasingUsers = profiles.Count(static p => p.Purchases > 0),
            Revenue = profiles.Sum(static p => p.Revenue),
            Segments = SegmentRules.All.Select(s => new KeyValuePair<string, long>(SegmentRules.Name(s), segments[(int)s])).ToArray(),
            LateEvents = partitions.Sum(p => p.LateEvents),
        };
        return new RunResult(summary, profiles, sessions);
    }
}
