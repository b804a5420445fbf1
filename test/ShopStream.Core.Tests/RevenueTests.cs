using System.Text;
using ShopStream.Core.Ingest;

namespace ShopStream.Core.Tests;

/// <summary>Money is decimal: revenue is the exact sum of purchase price * quantity, written with two places.</summary>
public sealed class RevenueTests
{
    private static readonly DateTime s_t0 = Rees46Rows.T0;

    [Fact]
    public void Point_one_plus_point_two_is_exactly_point_three()
    {
        var run = TestPipeline.Run(Rees46Rows.Csv(
            Rees46Rows.Row(s_t0, "purchase", product: 1, price: "0.1"),
            Rees46Rows.Row(s_t0.AddSeconds(1), "purchase", product: 2, price: "0.2")));

        Assert.Equal(0.3m, run.Summary.Revenue);
        Assert.Equal(0.3m, run.Profiles[0].Revenue);
        Assert.Contains(",0.30,", Encoding.UTF8.GetString(TestPipeline.ProfilesCsvOf(run.Result)), StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_small_prices_sum_exactly()
    {
        // 100 users x 100 purchases alternating 0.10 and 0.20: 15.00 each, 1500.00 in all (binary floating point drifts here).
        var rows = Enumerable.Range(0, 10_000).Select(i => Rees46Rows.Row(
            s_t0.AddSeconds(i / 100), "purchase", product: 1 + (i % 7), user: 1 + (i % 100), price: i / 100 % 2 == 0 ? "0.10" : "0.20"));

        var run = TestPipeline.Run(Rees46Rows.Csv(rows), options: TestPipeline.Options(3));

        Assert.Equal(0, run.Summary.DuplicatesDropped);
        Assert.Equal(1500.00m, run.Summary.Revenue);
        Assert.All(run.Profiles, p => Assert.Equal(15.00m, p.Revenue));
        Assert.Equal(1500.00m, run.Sessions.Sum(s => s.Revenue));
        Assert.Equal(1500.00m, TestPipeline.SummaryJsonOf(run.Summary).GetProperty("revenue").GetDecimal());
    }

    [Fact]
    public void Revenue_counts_purchases_only()
    {
        var run = TestPipeline.Run(Rees46Rows.Csv(
            Rees46Rows.Row(s_t0, "view", price: "100.00"),
            Rees46Rows.Row(s_t0.AddSeconds(1), "cart", price: "100.00"),
            Rees46Rows.Row(s_t0.AddSeconds(2), "remove_from_cart", price: "100.00"),
            Rees46Rows.Row(s_t0.AddSeconds(3), "purchase", price: "100.00")));

        Assert.Equal(100.00m, run.Summary.Revenue);
        Assert.Equal(1, run.Profiles[0].Removes);
    }

    [Fact]
    public void Revenue_is_price_times_quantity()
    {
        const string json = """
            {"event_time":"2019-10-01T00:00:00Z","event_type":"purchase","user_id":1,"product_id":1,"price":0.1,"quantity":3}
            {"event_time":"2019-10-01T00:00:01Z","event_type":"purchase","user_id":1,"product_id":2,"price":"19.99","quantity":7}
            """;
        const string orders = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
            + "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n"
            + "536365,71053,LANTERN,12,2010-12-01 08:26:00,3.39,17850.0,United Kingdom\n";

        Assert.Equal(0.3m + 139.93m, TestPipeline.Run(json, InputFormat.JsonLines).Summary.Revenue);
        Assert.Equal(15.30m + 40.68m, TestPipeline.Run(orders, InputFormat.Orders).Summary.Revenue);
    }

    [Fact]
    public void Summary_revenue_is_rounded_to_cents_but_profiles_keep_the_exact_sum()
    {
        var run = TestPipeline.Run(Rees46Rows.Csv(
            Rees46Rows.Row(s_t0, "purchase", product: 1, price: "0.005"),
            Rees46Rows.Row(s_t0.AddSeconds(1), "purchase", product: 2, price: "1.001")));

        Assert.Equal(1.006m, run.Summary.Revenue);
        Assert.Equal("1.01", TestPipeline.SummaryJsonOf(run.Summary).GetProperty("revenue").GetRawText());
    }
}
