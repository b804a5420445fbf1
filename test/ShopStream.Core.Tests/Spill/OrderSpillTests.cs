using ShopStream.Core.Processing.Analytics;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Spill;

/// <summary>Purchases without an order id go to spill runs (they grow with the input); the fraud signals read them back unchanged.</summary>
public sealed class OrderSpillTests
{
    [Fact]
    public void Spilled_id_less_purchases_give_the_same_fraud_signals_with_ties_in_arrival_order()
    {
        using var temp = new TempFolder();
        var t = Rees46Rows.T0;
        var rows = new List<string>();
        // User 5: a burst of twelve, pairs of them in the same second with different prices; user 6: a history
        // of small orders, then a big one whose mean depends on the same-second order of the two before it.
        for (int i = 0; i < 12; i++)
            rows.Add(Rees46Rows.Row(t.AddSeconds(i / 2 * 50), "purchase", product: 100 + i, user: 5, price: i % 2 == 0 ? "20.00" : "35.00"));
        rows.Add(Rees46Rows.Row(t, "purchase", product: 1, user: 6, price: "10.00"));
        rows.Add(Rees46Rows.Row(t.AddMinutes(1), "purchase", product: 2, user: 6, price: "10.00"));
        rows.Add(Rees46Rows.Row(t.AddMinutes(2), "purchase", product: 3, user: 6, price: "4.00"));
        rows.Add(Rees46Rows.Row(t.AddMinutes(2), "purchase", product: 4, user: 6, price: "90.00"));
        rows.Add(Rees46Rows.Row(t.AddMinutes(3), "purchase", product: 5, user: 6, price: "400.00"));
        string csv = Rees46Rows.Csv(rows);
        var options = TestPipeline.Options();

        var kept = TestPipeline.Run(csv, options: options).Result;
        using var spilled = TestPipeline.Run(csv, options: options with { SpillFolder = temp.File(".spill"), StateHorizon = TimeSpan.Zero, OrdersPerSpillRun = 3 }).Result;

        Assert.Equal(5, Directory.GetFiles(temp.File(".spill"), "orders-*.run", SearchOption.AllDirectories).Length);
        Assert.Contains(kept.Alerts, a => a.Type == AlertTypes.PurchaseBurst);
        Assert.Contains(kept.Alerts, a => a.Type == AlertTypes.OrderValue);
        Assert.Equal(kept.Alerts, spilled.Alerts);
        Assert.Equal(kept.Orders, spilled.Orders);
    }
}
