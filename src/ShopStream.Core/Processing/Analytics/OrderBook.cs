using System.Runtime.InteropServices;
using ShopStream.Core.Events;
using ShopStream.Core.Processing.Spill;

namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// One partition's orders, gathered from purchase events by (user, order id), and the fraud signals read from
/// them. Lines of an order may arrive in any order and at any delay (the orders format is often shuffled), so
/// orders are kept until the end of input, like profiles; then each user's orders are read in event-time
/// order, which makes the signals independent of arrival order and partitioning.
/// With a spill, purchases without an order id (every REES46 purchase: they grow with the input) go to sorted
/// runs on disk in batches of <paramref name="unnamedPerRun"/>, and the end merges them back.
/// </summary>
internal sealed partial class OrderBook(AlertRules rules, OrderRuns? spill = null, int unnamedPerRun = 65_536)
{
    private readonly Dictionary<(long User, string Order), int> _index = [];
    private readonly List<OrderFact> _orders = [];

    // With a spill: id-less orders not yet in a run, in arrival order.
    private readonly List<OrderFact> _unnamed = [];

    /// <summary>After <see cref="Finish"/>: orders with an order id, sorted by user, time, order id.</summary>
    public List<OrderFact> Orders { get; } = [];

    /// <summary>After <see cref="Finish"/>: the partition's fraud signals.</summary>
    public List<Alert> Alerts { get; } = [];

    public void Add(in ShopEvent e)
    {
        if (e.Type != EventType.Purchase)
            return;
        if (e.OrderId is null)
        {
            if (spill is null)
            {
                _orders.Add(OrderFact.Of(e));
                return;
            }

            _unnamed.Add(OrderFact.Of(e));
            if (_unnamed.Count >= unnamedPerRun)
            {
                spill.Write(_unnamed);
                _unnamed.Clear();
            }

            return;
        }

        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, (e.UserId, e.OrderId), out bool exists);
        if (exists)
        {
            ref var order = ref CollectionsMarshal.AsSpan(_orders)[slot];
            order = order.With(e);
            return;
        }

        slot = _orders.Count;
        _orders.Add(OrderFact.Of(e));
    }

    public void Finish()
    {
        _index.Clear();
        _index.TrimExcess();
        // Id-less orders never tie with named ones (their ids differ), so the unspilled ones join the named in
        // one sort, and keep their arrival order among themselves.
        _orders.AddRange(_unnamed);
        _unnamed.Clear();
        _unnamed.TrimExcess();
        var slots = new int[_orders.Count];
        SortStable(_orders, slots);
        var sorted = new OrderFact[slots.Length];
        for (int i = 0; i < slots.Length; i++)
            sorted[i] = _orders[slots[i]];
        _orders.Clear();
        _orders.TrimExcess();

        // Runs hold earlier arrivals than memory, and the merge gives ties to the source listed first.
        var sources = new List<IEnumerable<OrderFact>>((spill?.RunCount ?? 0) + 1);
        for (int run = 0; run < (spill?.RunCount ?? 0); run++)
            sources.Add(spill!.Read(run));
        sources.Add(sorted);
        var user = new List<OrderFact>();
        foreach (var o in SortedStreams.Merge(sources, (a, b) => OrderFact.Compare(a, b)))
        {
            if (user.Count > 0 && user[0].UserId != o.UserId)
                Signal(user);
            user.Add(o);
            if (o.OrderId.Length > 0)
                Orders.Add(o);
        }

        if (user.Count > 0)
            Signal(user);
    }

    /// <summary>
    /// Fills <paramref name="slots"/> with the indexes of <paramref name="orders"/> in output order; ties (one
    /// user's id-less orders in the same second) keep arrival order, which is the same for any partitioning since
    /// a user's events all go to one partition in input order.
    /// </summary>
    internal static void SortStable(List<OrderFact> orders, Span<int> slots)
    {
        for (int i = 0; i < slots.Length; i++)
            slots[i] = i;
        slots.Sort((a, b) =>
        {
            int c = OrderFact.Compare(orders[a], orders[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
    }

    private void Signal(List<OrderFact> user)
    {
        var span = CollectionsMarshal.AsSpan(user);
        FraudSignals.Bursts(span, rules, Alerts);
        FraudSignals.OrderValues(span, rules, Alerts);
        user.Clear();
    }
}
