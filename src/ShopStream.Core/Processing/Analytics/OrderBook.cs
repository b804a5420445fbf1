using System.Runtime.InteropServices;
using ShopStream.Core.Events;

namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// One partition's orders, gathered from purchase events by (user, order id), and the fraud signals read from
/// them. Lines of an order may arrive in any order and at any delay (the orders format is often shuffled), so
/// orders are kept until the end of input, like profiles; then each user's orders are read in event-time
/// order, which makes the signals independent of arrival order and partitioning.
/// </summary>
internal sealed partial class OrderBook(AlertRules rules)
{
    private readonly Dictionary<(long User, string Order), int> _index = [];
    private readonly List<OrderFact> _orders = [];

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
            _orders.Add(OrderFact.Of(e));
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
        // Ties (one user's id-less orders in the same second) keep arrival order, which is the same for any
        // partitioning since a user's events all go to one partition in input order.
        var orders = CollectionsMarshal.AsSpan(_orders);
        var keys = new int[orders.Length];
        for (int i = 0; i < keys.Length; i++)
            keys[i] = i;
        var all = _orders;
        keys.AsSpan().Sort((a, b) =>
        {
            int c = OrderFact.Compare(all[a], all[b]);
            return c != 0 ? c : a.CompareTo(b);
        });

        var sorted = new OrderFact[keys.Length];
        for (int i = 0; i < keys.Length; i++)
            sorted[i] = orders[keys[i]];
        _orders.Clear();
        _orders.TrimExcess();

        for (int start = 0; start < sorted.Length;)
        {
            int end = start;
            while (end < sorted.Length && sorted[end].UserId == sorted[start].UserId)
                end++;
            var user = sorted.AsSpan(start, end - start);
            FraudSignals.Bursts(user, rules, Alerts);
            FraudSignals.OrderValues(user, rules, Alerts);
            start = end;
        }

        foreach (var o in sorted)
        {
            if (o.OrderId.Length > 0)
                Orders.Add(o);
        }
    }
}
