using ShopStream.Core.Events;

namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// One row of <c>orders</c>: an order's lines gathered from its purchase events. <see cref="OrderTime"/> is its
/// earliest line's event time, <see cref="Items"/> the sum of quantities, <see cref="Value"/> the sum of
/// <c>price * quantity</c>. A purchase without an order id (REES46) is an order of its own with an empty id.
/// </summary>
public readonly record struct OrderFact(string OrderId, long UserId, DateTime OrderTime, int Lines, long Items, decimal Value)
{
    internal static OrderFact Of(in ShopEvent e) => new(e.OrderId ?? "", e.UserId, e.EventTime, 1, e.Quantity, e.Price * e.Quantity);

    internal OrderFact With(in ShopEvent e) => this with
    {
        OrderTime = e.EventTimeTicks < OrderTime.Ticks ? e.EventTime : OrderTime,
        Lines = Lines + 1,
        Items = Items + e.Quantity,
        Value = Value + e.Price * e.Quantity,
    };

    /// <summary>Output order: user, order time, order id (ordinal).</summary>
    internal static int Compare(in OrderFact a, in OrderFact b)
    {
        int c = a.UserId.CompareTo(b.UserId);
        if (c == 0)
            c = a.OrderTime.CompareTo(b.OrderTime);
        return c != 0 ? c : string.CompareOrdinal(a.OrderId, b.OrderId);
    }
}
