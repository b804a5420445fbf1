using ShopStream.Core.Events;
using ShopStream.Core.Orders;

namespace ShopStream.Core.Tests.Orders;

/// <summary>Whole orders from a stream of purchase lines: complete once the watermark passes them.</summary>
public sealed class OrderAssemblerTests
{
    private static readonly DateTime T0 = new(2019, 10, 1, 10, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Disorder = TimeSpan.FromMinutes(5);

    private readonly OrderAssembler _assembler = new(Disorder);
    private readonly List<ShopOrder> _done = [];
    private long _max = long.MinValue;

    [Fact]
    public void An_order_is_complete_once_the_watermark_passes_its_latest_line_and_not_before()
    {
        Add(Line(0, user: 1, "A", product: 10, price: 2m, quantity: 3));
        Add(Line(60, user: 1, "A", product: 11, price: 1.5m));
        Add(View(360)); // watermark 60 s after T0: the line at 60 s is not passed yet
        Assert.Empty(_done);

        Add(View(361));

        var order = Assert.Single(_done);
        Assert.Equal(("A", 1L, T0, 2, 7.5m), (order.OrderId, order.UserId, order.OrderTime, order.Items.Count, order.Subtotal));
        Assert.Equal([new OrderItem(10, 0, null, 2m, 3), new OrderItem(11, 0, null, 1.5m, 1)], order.Items);
    }

    [Fact]
    public void Order_fields_come_from_the_first_line_in_event_time_then_arrival_order()
    {
        Add(Line(30, 1, "A", 10, 1m, details: new EventDetails { Tax = 3m, Channel = "email" }));
        Add(Line(10, 1, "A", 11, 1m, details: new EventDetails { Tax = 1m, Channel = "organic", PaymentMethod = "card" }));
        Add(Line(10, 1, "A", 12, 1m, details: new EventDetails { Tax = 2m, Channel = "social" }));
        _assembler.Finish(_done);

        var order = Assert.Single(_done);
        Assert.Equal((T0.AddSeconds(10), 1m, "organic", "card"), (order.OrderTime, order.Tax, order.Channel, order.PaymentMethod));
    }

    [Fact]
    public void A_repeated_line_is_a_duplicate_and_a_line_after_completion_is_late_and_neither_is_published()
    {
        var line = Line(0, 1, "A", 10, 1m);
        Add(line);
        Add(line);
        Add(View(400));
        Add(Line(5, 1, "A", 11, 1m)); // its order was published when the watermark passed it
        _assembler.Finish(_done);

        var order = Assert.Single(_done);
        Assert.Single(order.Items);
        Assert.Equal((1L, 1L), (_assembler.DuplicateLines, _assembler.LateLines));
    }

    [Fact]
    public void Ids_of_completed_orders_are_forgotten_after_the_memory_horizon()
    {
        Add(Line(0, 1, "A", 10, 1m));
        Add(View(3600));
        int horizon = (int)OrderAssembler.MemoryHorizon.TotalSeconds;
        Add(View(horizon + 7200)); // an hour's sweep past the horizon
        Add(Line(horizon + 7200, 1, "A", 11, 1m));
        _assembler.Finish(_done);

        Assert.Equal(2, _done.Count);
        Assert.Equal(0, _assembler.LateLines);
    }

    [Fact]
    public void Orders_completed_together_come_by_time_user_and_id_and_id_less_purchases_are_not_orders()
    {
        Add(Line(20, 2, "B", 10, 1m));
        Add(Line(20, 1, "C", 10, 1m));
        Add(Line(10, 3, "D", 10, 1m));
        Add(Line(20, 1, "A", 10, 1m));
        var rees46 = Line(5, 4, "E", 10, 1m);
        rees46.OrderId = null;
        Add(rees46);
        _assembler.Finish(_done);

        Assert.Equal(["3/D", "1/A", "1/C", "2/B"], _done.Select(o => $"{o.UserId}/{o.OrderId}"));
        Assert.Equal(0, _assembler.Open);
    }

    private void Add(ShopEvent e)
    {
        _max = Math.Max(_max, e.EventTimeTicks);
        _assembler.Add(e, _max, _done);
    }

    private static ShopEvent View(int seconds) => new() { EventTimeTicks = T0.AddSeconds(seconds).Ticks, Type = EventType.View, UserId = 99, ProductId = 1, Quantity = 1 };

    private static ShopEvent Line(int seconds, long user, string order, long product, decimal price, int quantity = 1, EventDetails? details = null)
    {
        var e = new ShopEvent
        {
            EventTimeTicks = T0.AddSeconds(seconds).Ticks, Type = EventType.Purchase, UserId = user, ProductId = product,
            Price = price, Quantity = quantity, OrderId = order, Details = details,
        };
        e.Fingerprint = Fingerprint128.Of(in e);
        return e;
    }
}
