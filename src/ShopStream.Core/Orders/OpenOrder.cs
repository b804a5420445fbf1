using ShopStream.Core.Events;
using ShopStream.Core.Text;

namespace ShopStream.Core.Orders;

/// <summary>An order of <see cref="OrderAssembler"/> whose lines may still come.</summary>
internal sealed class OpenOrder(string orderId, long userId)
{
    private readonly List<OrderItem> _items = [];
    private readonly List<UInt128> _fingerprints = [];
    private EventDetails? _details;
    private decimal _subtotal;

    public string OrderId { get; } = orderId;

    public long UserId { get; } = userId;

    public long OrderTimeTicks { get; private set; } = long.MaxValue;

    public long LatestTicks { get; private set; } = long.MinValue;

    public bool Holds(UInt128 fingerprint) => _fingerprints.Contains(fingerprint);

    /// <summary>Adds a line; true when it is the order's latest so far (its completion moves later).</summary>
    public bool Add(in ShopEvent e)
    {
        _items.Add(new OrderItem(e.ProductId, e.CategoryId, e.Brand, e.Price, e.Quantity));
        _fingerprints.Add(e.Fingerprint);
        _subtotal += e.Price * e.Quantity;
        if (e.EventTimeTicks < OrderTimeTicks)
        {
            OrderTimeTicks = e.EventTimeTicks;
            _details = e.Details; // the first line in event time gives the order-level fields, as in orders.csv
        }

        if (e.EventTimeTicks <= LatestTicks)
            return false;
        LatestTicks = e.EventTimeTicks;
        return true;
    }

    public ShopOrder ToOrder() => new()
    {
        OrderId = OrderId,
        UserId = UserId,
        OrderTime = new DateTime(OrderTimeTicks, DateTimeKind.Utc),
        Items = _items,
        Subtotal = _subtotal,
        PaymentMethod = _details?.PaymentMethod,
        Tax = _details?.Tax,
        Shipping = _details?.Shipping,
        Total = _details?.Total,
        Channel = _details?.Channel,
        UtmSource = _details?.UtmSource,
        UtmMedium = _details?.UtmMedium,
        UtmCampaign = _details?.UtmCampaign,
    };

    public static int Compare(OpenOrder? a, OpenOrder? b)
    {
        int c = a!.OrderTimeTicks.CompareTo(b!.OrderTimeTicks);
        if (c == 0)
            c = a.UserId.CompareTo(b.UserId);
        return c != 0 ? c : CodePointOrder.Compare(a.OrderId, b.OrderId);
    }
}
