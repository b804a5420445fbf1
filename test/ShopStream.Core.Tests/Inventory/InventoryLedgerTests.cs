using ShopStream.Core.Inventory;
using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Text;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Tests.Inventory;

/// <summary>Stock per product and warehouse, and low-stock alerts on a fall below the threshold.</summary>
public sealed class InventoryLedgerTests
{
    private static readonly DateTime s_t0 = new(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    private static StockChange Change(int minute, int delta, string warehouse = "BER", long product = 7) =>
        new(s_t0.AddMinutes(minute).Ticks, product, warehouse, delta, null);

    [Fact]
    public void Stock_is_the_sum_of_changes_per_product_and_warehouse()
    {
        var ledger = new InventoryLedger(lowStockBelow: 5);
        foreach (var c in new[] { Change(0, 20), Change(1, -3), Change(2, 10, "MAD"), Change(3, -4, "MAD"), Change(4, 2, product: 8) })
            ledger.Apply(c);

        Assert.Equal(
            [(7L, "BER", 17L, 2L), (7L, "MAD", 6L, 2L), (8L, "BER", 2L, 1L)],
            ledger.Levels().Select(l => (l.ProductId, l.Warehouse, l.Stock, l.Changes)));
        Assert.Equal(s_t0.AddMinutes(1), ledger.Levels().First().LastChange);
    }

    [Fact]
    public void A_fall_below_the_threshold_alerts_once_and_a_refill_rearms_it()
    {
        var ledger = new InventoryLedger(lowStockBelow: 5);
        ledger.Apply(Change(0, 6));   // stocked
        ledger.Apply(Change(1, -2));  // 4: falls below → alert
        ledger.Apply(Change(2, -1));  // 3: still low → no new alert
        ledger.Apply(Change(3, 10));  // 13: refilled
        ledger.Apply(Change(4, -9));  // 4: falls again → alert
        ledger.Apply(Change(5, 3, "MAD")); // a warehouse that starts low has not run low → no alert

        Assert.Equal(2, ledger.Alerts.Count);
        Assert.All(ledger.Alerts, a => Assert.Equal((AlertTypes.LowStock, "7@BER", 4m, 5m), (a.Type, a.Key, a.Observed, a.Expected)));
        Assert.Equal([s_t0.AddMinutes(1), s_t0.AddMinutes(4)], ledger.Alerts.Select(a => a.WindowStart));
    }

    [Theory]
    [InlineData("{\"event_time\":\"2019-10-01T00:00:00Z\",\"product_id\":7,\"warehouse\":\"BER\",\"delta\":-2,\"reason\":\"order\"}", RejectReason.None)]
    [InlineData("{\"event_time\":\"2019-10-01T00:00:00Z\",\"product_id\":7,\"warehouse\":\"BER\",\"delta\":1.5}", RejectReason.Number)]
    [InlineData("{\"event_time\":\"yesterday\",\"product_id\":7,\"warehouse\":\"BER\",\"delta\":1}", RejectReason.EventTime)]
    [InlineData("{\"event_time\":\"2019-10-01T00:00:00Z\",\"warehouse\":\"BER\",\"delta\":1}", RejectReason.Id)]
    [InlineData("{\"event_time\":\"2019-10-01T00:00:00Z\",\"product_id\":7,\"delta\":1}", RejectReason.Id)]
    [InlineData("{\"event_time\":\"2019-10-01T00:00:00Z\",\"product_id\":7,\"warehouse\":\"BER\"}", RejectReason.Number)]
    [InlineData("[1,2]", RejectReason.Json)]
    [InlineData("{\"event_time\":", RejectReason.Json)]
    [InlineData("{\"event_time\":\"2019-10-01T00:00:00Z\",\"product_id\":7,\"warehouse\":\"\\ud800\",\"delta\":1}", RejectReason.Encoding)] // threw, stopping the run
    [InlineData("{\"event_time\":\"01/10/2019\",\"product_id\":7,\"warehouse\":\"BER\",\"delta\":1}", RejectReason.EventTime)] // year first only
    public void Inventory_records_are_validated_with_specs_reasons(string line, RejectReason expected)
    {
        var reason = new StockChangeParser(new StringPool()).Parse(System.Text.Encoding.UTF8.GetBytes(line), out var change);

        Assert.Equal(expected, reason);
        if (expected == RejectReason.None)
            Assert.Equal((7L, "BER", -2, "order"), (change.ProductId, change.Warehouse, change.Delta, change.Reason));
    }
}
