using ShopStream.Core.Events;

namespace ShopStream.Core.Orders;

/// <summary>
/// Gathers purchase lines with an order id into whole <see cref="ShopOrder"/>s as a stream goes by, in arrival
/// order. An order is complete once the watermark (the largest event time so far minus the allowed disorder)
/// passes its latest line, or at <see cref="Finish"/>. A line repeating one of its order's lines exactly (the same
/// fingerprint) is a duplicate; a line of an order already completed is late: both are counted and left out, and
/// completed orders are remembered for <see cref="MemoryHorizon"/> of event time so a late line never starts a second,
/// partial order with the same id. Purchases without an order id (REES46) and other events are not orders.
/// Memory: the open orders, and the ids of the orders completed within the horizon.
/// </summary>
public sealed class OrderAssembler(TimeSpan allowedDisorder)
{
    /// <summary>How long (in event time) the ids of completed orders are kept, as long as the dedup horizon.</summary>
    public static readonly TimeSpan MemoryHorizon = TimeSpan.FromHours(48);

    private readonly Dictionary<(long User, string Order), OpenOrder> _open = [];
    private readonly PriorityQueue<(long User, string Order), long> _byLatest = new();
    private readonly Dictionary<(long User, string Order), long> _completed = [];
    private readonly List<OpenOrder> _due = [];
    private long _watermark = long.MinValue;
    private long _nextSweep = long.MinValue;

    /// <summary>Lines repeating a line of their open order exactly, left out.</summary>
    public long DuplicateLines { get; private set; }

    /// <summary>Lines of orders already completed, left out.</summary>
    public long LateLines { get; private set; }

    /// <summary>Orders currently open.</summary>
    public int Open => _open.Count;

    /// <summary>Adds an event; orders it completes (by moving the watermark) go to <paramref name="completed"/>, oldest first.</summary>
    public void Add(in ShopEvent e, long streamMaxTicks, List<ShopOrder> completed)
    {
        ArgumentNullException.ThrowIfNull(completed);
        if (e.Type == EventType.Purchase && e.OrderId is not null)
            AddLine(e);
        Advance(streamMaxTicks == long.MinValue ? long.MinValue : streamMaxTicks - allowedDisorder.Ticks, completed);
    }

    /// <summary>End of input: every open order is complete.</summary>
    public void Finish(List<ShopOrder> completed) => Advance(long.MaxValue, completed);

    private void AddLine(in ShopEvent e)
    {
        var key = (e.UserId, e.OrderId!);
        if (_completed.ContainsKey(key))
        {
            LateLines++;
            return;
        }

        if (!_open.TryGetValue(key, out var order))
        {
            order = new OpenOrder(e.OrderId!, e.UserId);
            _open.Add(key, order);
        }
        else if (order.Holds(e.Fingerprint))
        {
            DuplicateLines++;
            return;
        }

        if (order.Add(e))
            _byLatest.Enqueue(key, order.LatestTicks);
    }

    private void Advance(long watermark, List<ShopOrder> completed)
    {
        if (watermark <= _watermark)
            return;
        _watermark = watermark;
        // Queue entries are (order, latest line time when queued); a later line queues it again, so stale ones are skipped.
        while (_byLatest.TryPeek(out var key, out long latest) && latest < watermark)
        {
            _byLatest.Dequeue();
            if (_open.TryGetValue(key, out var order) && order.LatestTicks == latest)
            {
                _open.Remove(key);
                _completed[key] = order.OrderTimeTicks;
                _due.Add(order);
            }
        }

        // Orders completed together are published by order time, user and id: the same for any arrival order within the watermark.
        _due.Sort(OpenOrder.Compare);
        foreach (var order in _due)
            completed.Add(order.ToOrder());
        _due.Clear();
        Forget(watermark);
    }

    // Once an hour of event time, the ids of orders completed more than the horizon ago are dropped.
    private void Forget(long watermark)
    {
        if (watermark < _nextSweep || watermark == long.MaxValue)
            return;
        _nextSweep = watermark + TimeSpan.TicksPerHour;
        long before = watermark - MemoryHorizon.Ticks;
        foreach (var (key, time) in _completed)
        {
            if (time < before)
                _completed.Remove(key);
        }
    }
}
