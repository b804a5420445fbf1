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
/// sequences merged from the partitions (and their spill runs) on demand, so millions of rows are never copied
/// into one array. Disposing it deletes the spill, after which profiles and sessions can no longer be read.
/// </summary>
public sealed partial class RunResult : IDisposable
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

    /// <summary>False for a profiles-only run (<see cref="PipelineOptions.Analytics"/>): only the summary, profiles and sessions exist.</summary>
    public bool HasAnalytics => _options.Analytics;

    /// <summary>One row per user, sorted by user id (built as enumerated).</summary>
    public IEnumerable<CustomerProfile> Profiles => RowCursor.Rows(Users).Select(u => u.ToProfile(_options.Segments));

    /// <summary>The state behind <see cref="Profiles"/> (a new cursor each call), for writers that format rows straight from it.</summary>
    internal RowCursor<UserState> Users() => RowCursor.Merge<UserState, UserStateId>([.. _partitions.Select(p => p.Users())]);

    internal SegmentRules Segments => _options.Segments;

    /// <summary>Final per-minute window metrics (<c>gold/minute_metrics</c>), by window start.</summary>
    public IEnumerable<WindowResult> MinuteMetrics => Windows(p => p.Minutes);

    /// <summary>Final hourly window metrics (<c>gold/hourly_metrics</c>), by window start.</summary>
    public IEnumerable<WindowResult> HourlyMetrics => Windows(p => p.Hours);

    /// <summary>Final rolling-hour (hopping) window metrics, by window start.</summary>
    public IEnumerable<WindowResult> RollingMetrics => Windows(p => p.Rolling);

    /// <summary>One row per session, sorted by user id and start (built as enumerated).</summary>
    public IEnumerable<SessionRecord> Sessions => RowCursor.Rows(SessionRows);

    /// <summary>The rows behind <see cref="Sessions"/> (a new cursor each call), for writers that format rows in place.</summary>
    /// <remarks>A user's sessions are all in one partition, so partitions merge by user id alone.</remarks>
    internal RowCursor<SessionRecord> SessionRows() => RowCursor.Merge<SessionRecord, SessionUserId>([.. _partitions.Select(p => p.Sessions())]);

    // Each partition has the window's metrics of its own users; users are disjoint, so the sums are exact.
    private IEnumerable<WindowResult> Windows(Func<PartitionProcessor, WindowAggregator> window) =>
        SortedRuns.MergeCombining(
            _partitions.Select(p => (IReadOnlyList<WindowResult>)window(p).Finals).ToArray(),
            static (a, b) => a.WindowStart.CompareTo(b.WindowStart),
            static (a, b) => a.Plus(b));

    internal static RunResult From(ReadCounters counters, PartitionProcessor[] partitions, PipelineOptions options, long lateDropped, List<Alert> priceAlerts)
    {
        // Partitions read their spill runs in parallel; their totals are exact (decimal), so the order of adding does not matter.
        var totals = new UserTotals[partitions.Length];
        Parallel.For(0, partitions.Length, p =>
        {
            using var users = partitions[p].Users();
            totals[p] = UserTotals.Of(users, options.Segments);
        });
        var all = totals.Aggregate(UserTotals.Empty, static (a, b) => a.Plus(b));
        long sessions = partitions.Sum(p => p.SessionCount);

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
            Users = all.Users,
            Sessions = sessions,
            SessionsWithPurchase = all.ConvertedSessions,
            PurchasingUsers = all.Purchasing,
            Revenue = all.Revenue,
            Segments = SegmentRules.All.Select(s => new KeyValuePair<string, long>(SegmentRules.Name(s), all.Segments[(int)s])).ToArray(),
            LateEvents = partitions.Sum(p => p.LateEvents),
            LateEventsDropped = lateDropped,
            SessionsWithCart = partitions.Sum(p => p.Abandonment.Sum(h => h.CartSessions)),
            AbandonedSessions = partitions.Sum(p => p.Abandonment.Sum(h => h.AbandonedSessions)),
        };
        return new RunResult(summary, partitions, options, priceAlerts);
    }

    /// <summary>Deletes the run's spill folder, if it had one.</summary>
    public void Dispose()
    {
        if (_options.SpillFolder is { } folder && Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }
}
