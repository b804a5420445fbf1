using ShopStream.Core.Ingest;
using ShopStream.Core.Processing.Analytics;

namespace ShopStream.Core.Tests.Analytics;

/// <summary>Order-level facts from the orders format: lines gathered by order id, whatever their arrival order.</summary>
public sealed class OrderTests
{
    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

    [Fact]
    public void Lines_of_an_order_are_gathered_into_one_fact_in_any_arrival_order()
    {
        var run = TestPipeline.Run(
            Header +
            "536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n" +
            "536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom\n" +
            "536365,71053,WHITE METAL LANTERN,2,2010-12-01 08:26:00,3.39,17850.0,United Kingdom\n" +
            "536370,22728,ALARM CLOCK,24,2010-12-01 08:45:00,3.75,12583.0,France\n" +
            "C536379,D,Discount,-1,2010-12-01 09:41:00,27.50,14527.0,United Kingdom\n",
            InputFormat.Orders,
            TestPipeline.Options(2));

        Assert.Equal(
            [
                new OrderFact("536370", 12583, new DateTime(2010, 12, 1, 8, 45, 0, DateTimeKind.Utc), 1, 24, 90.00m),
                new OrderFact("536365", 17850, new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc), 2, 8, 22.08m),
                new OrderFact("536366", 17850, new DateTime(2010, 12, 1, 8, 28, 0, DateTimeKind.Utc), 1, 6, 11.10m),
            ],
            run.Result.Orders);
    }

    [Fact]
    public void Orders_of_the_orders_sample_account_for_every_purchase_line_once()
    {
        var run = TestPipeline.Run([InputFile.FromPath(ShopStream.Tests.RepoPaths.OrdersSample)], InputFormat.Orders, TestPipeline.Options(2));
        var orders = run.Result.Orders.ToList();

        Assert.Equal(orders.Count, orders.Select(o => (o.UserId, o.OrderId)).Distinct().Count());
        Assert.Equal(run.Summary.EventsOf("purchase"), orders.Sum(o => (long)o.Lines));
        Assert.Equal(run.Summary.Revenue, orders.Sum(o => o.Value));
    }
}
