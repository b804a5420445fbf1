using ShopStream.Core.Events;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Windows;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Serving;

/// <summary>
/// Answers from a running pipeline's state (like Kafka Streams' interactive queries): a profile as of the events its
/// partition has applied so far, searches over every owned partition, the summary from the counts so far (open
/// sessions counted as they stand) and the window metrics emitted so far (final windows only). Each partition is read
/// under its gate, between two batches of its worker. A user whose partition this process does not own gets
/// <see cref="PartitionNotOwnedException"/>, but while the group assigns partitions (a rebalance); then, as for a
/// partition that stays busy past the timeout or a pipeline that has not started, <see cref="LiveStateUnavailableException"/>.
/// </summary>
public sealed class LiveServingStore(LivePipeline pipeline) : IServingStore
{
    public LivePipeline Pipeline => pipeline;

    /// <summary>True: before the pipeline starts, every read throws <see cref="LiveStateUnavailableException"/> itself (and the summary walks every user).</summary>
    public ValueTask<bool> HoldsRunAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

    /// <exception cref="LiveStateUnavailableException">The pipeline has not started (it said "no finished run is loaded yet (the folder has no summary.json)" while a restarted run restored its checkpoint).</exception>
    public ValueTask<RunSummary?> SummaryAsync(CancellationToken cancellationToken = default)
    {
        var sources = Require();
        var totals = new LiveTotals();
        long deadline = pipeline.Deadline();
        var owned = pipeline.Owned;
        for (int p = 0; p < owned.Length; p++)
        {
            if (owned[p] is { } partition)
                pipeline.Read(partition, p, deadline, state => { state.AddTo(totals, sources.Options.Segments); return 0; });
        }

        return ValueTask.FromResult<RunSummary?>(Summary(totals, sources));
    }

    public ValueTask<CustomerProfile?> ProfileAsync(long userId, CancellationToken cancellationToken = default)
    {
        var sources = Require();
        var owned = pipeline.Owned;
        int p = owned.Length == 1 ? 0 : Partitioner.Of(userId, owned.Length);
        if (owned[p] is not { } partition)
        {
            // While the group hands partitions out (joining, a rebalance), no instance may own it yet: "another
            // instance serves it", a 404, was taken as final while both instances of a group were being reassigned.
            if (pipeline.Assigning)
                throw new LiveStateUnavailableException($"partition {p} of {owned.Length}, which holds user {userId}, is being assigned (the group is rebalancing, or this instance is joining it): ask again in a moment");
            throw new PartitionNotOwnedException(userId, p, owned.Length);
        }

        var profile = pipeline.Read(partition, p, pipeline.Deadline(), state =>
            state.TryGetProfile(userId, sources.Options.Segments, out var found) ? found : (CustomerProfile?)null);
        return ValueTask.FromResult(profile);
    }

    public ValueTask<ProfilePage> SearchProfilesAsync(ProfileQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var sources = Require();
        var rules = sources.Options.Segments;
        long deadline = pipeline.Deadline();
        var owned = pipeline.Owned;
        var matches = new List<ProfileKey>();
        for (int p = 0; p < owned.Length; p++)
        {
            if (owned[p] is { } partition)
                pipeline.Read(partition, p, deadline, state => { state.CollectMatches(query, rules, matches); return 0; });
        }

        var order = Comparer(query.Sort);
        matches.Sort(order);
        var items = new List<CustomerProfile>(query.PageSize);
        for (long i = query.Skip; i < matches.Count && items.Count < query.PageSize; i++)
        {
            long user = matches[(int)i].UserId;
            int p = owned.Length == 1 ? 0 : Partitioner.Of(user, owned.Length);
            // Users are never removed while the stream runs (live serving refuses the spill, which would move idle
            // users to disk), so a matched user is still there (perhaps a batch newer).
            if (pipeline.Read(owned[p]!, p, deadline, state => state.TryGetProfile(user, rules, out var found) ? found : (CustomerProfile?)null) is { } profile)
                items.Add(profile);
        }

        // The profiles were read after the order was taken, and a user's numbers may have moved on since: the page is
        // put in order by what it shows (which of them made the page was decided by the order taken).
        items.Sort((a, b) => order(ProfileKey.Of(a), ProfileKey.Of(b)));
        return ValueTask.FromResult(new ProfilePage(items, matches.Count, query.Page, query.PageSize));
    }

    public ValueTask<IReadOnlyList<WindowResult>> HourlyMetricsAsync(DateTime? from, DateTime? to, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Windows(state => state.Hours, from, to));

    /// <summary>Minute window metrics emitted so far with <c>from &lt;= window_start &lt; to</c>, by window start.</summary>
    public ValueTask<IReadOnlyList<WindowResult>> MinuteMetricsAsync(DateTime? from, DateTime? to, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Windows(state => state.Minutes, from, to));

    // Each partition holds its own users' part of a window; users are disjoint, so the sums are exact.
    private IReadOnlyList<WindowResult> Windows(Func<PartitionProcessor, WindowAggregator> window, DateTime? from, DateTime? to)
    {
        Require();
        long deadline = pipeline.Deadline();
        var owned = pipeline.Owned;
        var runs = new List<IReadOnlyList<WindowResult>>();
        for (int p = 0; p < owned.Length; p++)
        {
            if (owned[p] is { } partition)
                runs.Add(pipeline.Read(partition, p, deadline, state => window(state).Finals.Where(w => (from is null || w.WindowStart >= from) && (to is null || w.WindowStart < to)).ToArray()));
        }

        return [.. SortedRuns.MergeCombining(runs, static (a, b) => a.WindowStart.CompareTo(b.WindowStart), static (a, b) => a.Plus(b))];
    }

    private LivePipeline.PipelineSources Require() =>
        pipeline.Sources ?? throw new LiveStateUnavailableException("the pipeline has not started yet: it opens its input and restores its last checkpoint first");

    private static Comparison<ProfileKey> Comparer(ProfileSort sort) => sort switch
    {
        ProfileSort.RevenueDescending => static (a, b) => ProfileQuery.ShownRevenue(b.Revenue).CompareTo(ProfileQuery.ShownRevenue(a.Revenue)) is var c && c != 0 ? c : a.UserId.CompareTo(b.UserId),
        ProfileSort.EventsDescending => static (a, b) => b.Events != a.Events ? b.Events.CompareTo(a.Events) : a.UserId.CompareTo(b.UserId),
        ProfileSort.LastSeenDescending => static (a, b) => b.LastSeenTicks != a.LastSeenTicks ? b.LastSeenTicks.CompareTo(a.LastSeenTicks) : a.UserId.CompareTo(b.UserId),
        _ => static (a, b) => a.UserId.CompareTo(b.UserId),
    };

    private static RunSummary Summary(LiveTotals totals, LivePipeline.PipelineSources sources)
    {
        var counters = sources.Counters();
        var byType = new List<KeyValuePair<string, long>>();
        for (int t = 0; t < EventTypes.Count; t++)
        {
            var type = (EventType)t;
            if (EventTypes.Core.Contains(type) || totals.ByType[t] > 0)
                byType.Add(new(EventTypes.Name(type), totals.ByType[t]));
        }

        var rejected = new List<KeyValuePair<string, long>>();
        foreach (var reason in RejectReasons.All)
            rejected.Add(new(RejectReasons.Name(reason), counters.RejectedFor(reason)));
        return new RunSummary
        {
            EventsRead = counters.Read,
            EventsAccepted = counters.Accepted,
            EventsRejected = counters.Rejected,
            DuplicatesDropped = totals.Duplicates,
            RejectedByReason = rejected,
            EventsByType = byType,
            Users = totals.Users,
            Sessions = totals.Sessions,
            SessionsWithPurchase = totals.ConvertedSessions,
            PurchasingUsers = totals.PurchasingUsers,
            Revenue = totals.Revenue,
            Segments = [.. SegmentRules.All.Select(s => new KeyValuePair<string, long>(SegmentRules.Name(s), totals.Segments[(int)s]))],
            LateEvents = totals.LateEvents,
            LateEventsDropped = sources.LateDropped(),
            SessionsWithCart = totals.CartSessions,
            AbandonedSessions = totals.AbandonedSessions,
        };
    }
}
