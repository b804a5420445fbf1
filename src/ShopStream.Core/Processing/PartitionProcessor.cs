using ShopStream.Core.Events;
using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Processing.Dedup;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;
using ShopStream.Core.Processing.Spill;
using ShopStream.Core.Processing.Windows;

namespace ShopStream.Core.Processing;

/// <summary>
/// All per-user state of one partition and the operators over it, applied per event in arrival order:
/// late check, watermark advance (closing sessions and windows, evicting dedup buckets), dedup, profile, sessions,
/// orders, then (unless beyond lateness) windows and product metrics.
/// With a spill folder, users idle for the state horizon and closed sessions move to sorted runs on disk, so memory
/// holds active state only; results then merge the runs with what is still in memory.
/// Owned by one thread at a time.
/// </summary>
public sealed partial class PartitionProcessor
{
    private readonly UserTable _users = new();
    private readonly Deduplicator _dedup;
    private readonly SessionWindows _sessions;
    private readonly UserRuns? _spilledUsers;
    private readonly SessionRuns? _spilledSessions;
    private readonly CloseSchedule _idle = new(TimeSpan.TicksPerHour);
    private readonly long _stateHorizon;
    private readonly long[] _byType = new long[EventTypes.Count];
    private readonly LatePolicy _late;
    private readonly bool _analytics;
    private readonly TimeSpan _hour;
    private readonly TimeSpan _sessionGap;
    private long _watermark = long.MinValue;
    private bool _finished;

    /// <param name="partition">This partition's number: names its spill folder.</param>
    public PartitionProcessor(PipelineOptions options, int partition = 0)
    {
        _late = options.Late;
        _analytics = options.Analytics;
        _hour = options.HourWindow.Size;
        _sessionGap = options.SessionGap;
        Minutes = new WindowAggregator(options.MinuteWindow, options.Late);
        Hours = new WindowAggregator(options.HourWindow, options.Late);
        Rolling = new WindowAggregator(options.RollingWindow, options.Late);
        _dedup = new Deduplicator(options.DedupHorizon);
        _stateHorizon = options.EffectiveStateHorizon.Ticks;
        if (options.SpillFolder is { } spill)
        {
            string folder = Path.Combine(spill, $"p{partition}");
            _spilledUsers = new UserRuns(folder, options.UsersPerSpillRun);
            _spilledSessions = new SessionRuns(folder);
            _sessions = new SessionWindows(options.SessionGap, _users, _spilledSessions, options.SessionsPerSpillRun, QueueForSpill);
            Products = new ProductMetrics(options.HourWindow.Size, options.Late.Lateness, new ProductHourRuns(folder));
            Orders = new OrderBook(options.Alerts, new OrderRuns(folder), options.OrdersPerSpillRun);
        }
        else
        {
            _sessions = new SessionWindows(options.SessionGap, _users);
            Products = new ProductMetrics(options.HourWindow.Size, options.Late.Lateness);
            Orders = new OrderBook(options.Alerts);
        }
    }

    public long Duplicates { get; private set; }

    public WindowAggregator Minutes { get; }

    public WindowAggregator Hours { get; }

    public WindowAggregator Rolling { get; }

    /// <summary>This partition's part of <c>product_hourly</c> and <c>category_hourly</c>.</summary>
    internal ProductMetrics Products { get; }

    /// <summary>This partition's users' orders and fraud signals.</summary>
    internal OrderBook Orders { get; }

    /// <summary>Events that arrived behind the watermark (more out of order than the allowed disorder), duplicates not counted.</summary>
    public long LateEvents { get; private set; }

    public long EventsOfType(EventType type) => _byType[(int)type];

    /// <summary>After <see cref="Finish"/>: the slots of this partition's users still in memory, by user id.</summary>
    private int[] _slotsById = [];

    /// <summary>After <see cref="Finish"/>: this partition's sessions, spilled or not (those a late event split joined again).</summary>
    internal long SessionCount { get; private set; }

    /// <summary>After <see cref="Finish"/>: this partition's sessions by the hour they started in.</summary>
    internal List<CartAbandonment> Abandonment { get; private set; } = [];

    /// <param name="watermarks">For each event, the stream's watermark once that event has been seen.</param>
    public void Process(ReadOnlySpan<ShopEvent> events, ReadOnlySpan<long> watermarks)
    {
        for (int i = 0; i < events.Length; i++)
        {
            ref readonly var e = ref events[i];
            long wm = watermarks[i];
            Advance(wm);

            if (_dedup.IsDuplicate(e.Fingerprint, e.EventTimeTicks, wm))
            {
                Duplicates++;
                continue; // SPEC: a duplicate is left out of every metric, late_events included
            }

            if (e.EventTimeTicks < wm)
                LateEvents++;

            _byType[(int)e.Type]++;
            ref var user = ref _users.GetOrAdd(e.UserId, out int slot);
            user.Add(e);
            _sessions.Add(ref user, slot, e);
            if (!_analytics)
                continue;
            Orders.Add(e);
            if (!_late.IsTooLate(e.EventTimeTicks, wm))
            {
                Minutes.Add(e, ref user.MinutePane);
                Hours.Add(e, ref user.HourPane);
                Rolling.Add(e, ref user.RollingPane);
                Products.Add(e);
            }
        }
    }

    /// <summary>
    /// Moves this partition to the stream's watermark: sessions and windows that it makes final are closed and
    /// dedup state older than the horizon is dropped. Called before each event and on heartbeats.
    /// </summary>
    public void Advance(long watermark)
    {
        if (watermark <= _watermark)
            return;
        _watermark = watermark;
        _sessions.Advance(watermark);
        _dedup.Advance(watermark);
        if (_spilledUsers is not null)
            SpillIdleUsers(watermark);
        Minutes.Advance(watermark);
        Hours.Advance(watermark);
        Rolling.Advance(watermark);
        Products.Advance(watermark);
    }

    /// <summary>
    /// End of input: closes every open session and sorts this partition's users and sessions, on the
    /// partition's own thread (partitions sort in parallel): users and sessions as orders of their slots and
    /// positions. No copies of the results are made, and profile rows are only built from the user state as they
    /// are written.
    /// </summary>
    public void Finish()
    {
        if (_finished)
            throw new InvalidOperationException("the partition is finished already: finishing again would join its sessions twice");
        _finished = true;
        _dedup.Release();
        _sessions.Flush();
        _spilledUsers?.Flush();
        Minutes.Flush();
        Hours.Flush();
        Rolling.Flush();
        Products.Flush();
        Orders.Finish();

        _slotsById = _users.SlotsById();

        // Ties on (user, start) are possible (a late event opening a session where a closed one began); the
        // closing order breaks them, and a user's closing order does not depend on the partitioning.
        _sessionOrder = ClosedSessionOrder.Of(_sessions.Closed, _sessionGap, out bool joinable);

        // Sessions to join are found in memory as they are sorted; spilled ones are not looked at until read, so a
        // partition that spilled sessions reads them all through the join.
        _joinSessions = joinable || _spilledSessions is { RunCount: > 0 };
        if (_joinSessions)
        {
            JoinSplitSessions();
        }
        else
        {
            SessionCount = _sessions.ClosedCount;
            Abandonment = CartAbandonment.ByHour(AllSessionsUnordered(), _hour);
        }
    }
}
