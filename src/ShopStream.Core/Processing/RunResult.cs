using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;
using ShopStream.Core.Processing.Windows;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Processing;

/// <summary>
/// What a run produced: the summary, and the profiles (by user id) and sessions (by user id, start) as sorted
/// sequences merged from the partitions on demand, so millions of rows are never copied into one array.
/// </summary>
public sealed partial class RunResult
{
    private readonly PartitionProcessor[] _partitions;
    private readonly PipelineOptions _options;
    private readonly List<Alert> _priceAlerts;

    private RunResult(RunSummary summary, PartitionProcessor[] partitions, PipelineOptions options, List<Alert> priceAlerts)
    {
        Summary = summary;
        _partitions = partitions;
        _options = options;
        _priceAlerts = priceAlerts;
    }

    public RunSummary Summary { get; }

    /// <summary>One row per user, sorted by user id (built as enumerated).</summary>
    public IEnumerable<CustomerProfile> Profiles =>
        SortedRuns.Merge(_partitions.Select(p => (IReadOnlyList<UserState>)p.SortedUsers).ToArray(), static (a, b) => a.UserId.CompareTo(b.UserId))
            .Select(u => u.ToProfile(_options.Segments));

    /// <summary>Final per-minute window metrics (<c>gold/minute_metrics</c>), by window start.</summary>
    public IEnumerable<WindowResult> MinuteMetrics => Windows(p => p.Minutes);

    /// <summary>Final hourly window metrics (<c>gold/hourly_metrics</c>), by window start.</summary>
    public IEnumerable<WindowResult> HourlyMetrics => Windows(p => p.Hours);

    /// <summary>Final rolling-hour (hopping) window metrics, by window start.</summary>
    public IEnumerable<WindowResult> RollingMetrics => Windows(p => p.Rolling);

    /// <summary>One row per session, sorted by user id and start.</summary>
    public IEnumerable<SessionRecord> Sessions =>
        SortedRuns.Merge(
            _partitions.Select(p => (IReadOnlyList<SessionRecord>)p.SortedSessions).ToArray(),
            static (a, b) => a.UserId != b.UserId ? a.UserId.CompareTo(b.UserId) : 0);

    // Each partition has the window's metrics of its own users; users are disjoint, so the sums are exact.
    private IEnumerable<WindowResult> Windows(Func<PartitionProcessor, WindowAggregator> window) =>
        SortedRuns.MergeCombining(
            _partitions.Select(p => (IReadOnlyList<WindowResult>)window(p).Finals).ToArray(),
            static (a, b) => a.WindowStart.CompareTo(b.WindowStart),
            static (a, b) => a.Plus(b));

    internal static RunResult From(ReadCounters counters, PartitionProcessor[] partitions, PipelineOptions options, long lateDropped, List<Alert> priceAlerts)
    {
        var rules = options.Segments;
        var segments = new long[SegmentRules.All.Count];
        long users = 0, purchasing = 0, sessions = 0, converted = 0;
        decimal revenue = 0;
        foreach (var p in partitions)
        {
            foreach (var u in p.SortedUsers)
            {
                var c = u.Counts;
                segments[(int)rules.Classify(c.Revenue, c.Purchases, c.Carts, c.Views)]++;
                purchasing += c.Purchases > 0 ? 1 : 0;
                revenue += c.Revenue;
                converted += u.ConvertedSessions;
            }

            users += p.SortedUsers.Length;
            sessions += p.SortedSessions.Count;
        }

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
            Users = users,
            Sessions = sessions,
            SessionsWithPurchase = converted,
            PurchasingUsers = purchasing,
            Revenue = revenue,
            Segments = SegmentRules.All.Select(s => new KeyValuePair<string, long>(SegmentRules.Name(s), segments[(int)s])).ToArray(),
            LateEvents = partitions.Sum(p => p.LateEvents),
            LateEventsDropped = lateDropped,
            SessionsWithCart = partitions.Sum(p => p.Abandonment.Sum(h => h.CartSessions)),
            AbandonedSessions = partitions.Sum(p => p.Abandonment.Sum(h => h.AbandonedSessions)),
        };
        return new RunResult(summary, partitions, options, priceAlerts);
    }
}
