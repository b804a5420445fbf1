using ShopStream.Core.Events;
using ShopStream.Core.Text;

namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// One row of <c>orders</c>: an order's lines gathered from its purchase events. <see cref="OrderTime"/> is its
/// earliest line's event time, <see cref="Items"/> the sum of quantities, <see cref="Value"/> the subtotal, the sum
/// of <c>price * quantity</c>. The order-level fields (payment, tax, shipping, total, channel, UTM) are
/// <see cref="Details"/>, those of the first line in event-time order (on a tie, the first to arrive): lines that
/// disagree do not mix. A purchase without an order id (REES46) is an order of its own with an empty id.
/// </summary>
public readonly record struct OrderFact(string OrderId, long UserId, DateTime OrderTime, int Lines, long Items, decimal Value, EventDetails? Details = null)
{
    internal static OrderFact Of(in ShopEvent e) => new(e.OrderId ?? "", e.UserId, e.EventTime, 1, e.Quantity, e.Price * e.Quantity, e.Details);

    internal OrderFact With(in ShopEvent e)
    {
        bool earlier = e.EventTimeTicks < OrderTime.Ticks;
        return this with
        {
            OrderTime = earlier ? e.EventTime : OrderTime,
            Details = earlier ? e.Details : Details,
            Lines = Lines + 1,
            Items = Items + e.Quantity,
            Value = Value + (e.Price * e.Quantity),
        };
    }

    /// <summary>Output order: user, order time, order id (ordinal).</summary>
    internal static int Compare(in OrderFact a, in OrderFact b)
    {
        int c = a.UserId.CompareTo(b.UserId);
        if (c == 0)
            c = a.OrderTime.CompareTo(b.OrderTime);
        return c != 0 ? c : CodePointOrder.Compare(a.OrderId, b.OrderId);
    }
}
