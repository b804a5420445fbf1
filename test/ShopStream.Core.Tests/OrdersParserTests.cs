using System.Text;
using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Tests;

namespace ShopStream.Core.Tests;

/// <summary>UCI Online Retail order lines: purchases, cancellations as refunds, float and missing customer ids, stock codes.</summary>
public sealed class OrdersParserTests
{
    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    private static string Csv(params string[] lines) => Header + "\n" + string.Join("\n", lines) + "\n";

    [Fact]
    public void Order_line_is_a_purchase_of_quantity_at_unit_price()
    {
        var (events, rejects) = TestPipeline.Read(Csv("569901,23256,CHILDRENS CUTLERY SPACEBOY ,2,2011-10-06 16:20:00,4.15,12923.0,United Kingdom"), InputFormat.Orders);

        Assert.Equal(0, rejects.Counters.Rejected);
        var e = Assert.Single(events);
        Assert.Equal(EventType.Purchase, e.Type);
        Assert.Equal(23256, e.ProductId);
        Assert.Equal(2, e.Quantity);
        Assert.Equal(4.15m, e.Price);
        Assert.Equal(12923, e.UserId);
        Assert.Equal("569901", e.OrderId);
        Assert.Equal("United Kingdom", e.Country);
        Assert.Equal(new DateTime(2011, 10, 6, 16, 20, 0, DateTimeKind.Utc), e.EventTime);
    }

    [Fact]
    public void Invoice_starting_with_C_is_a_refund_and_not_revenue()
    {
        var run = TestPipeline.Run(
            Csv("569901,23256,CUTLERY,2,2011-10-06 16:20:00,4.15,12923.0,United Kingdom",
                "C569902,23256,CUTLERY,-2,2011-10-07 10:00:00,4.15,12923.0,United Kingdom"),
            InputFormat.Orders);

        run.AssertNothingLost();
        Assert.Equal(1, run.Summary.EventsOf("purchase"));
        Assert.Equal(1, run.Summary.EventsOf("refund"));
        var profile = Assert.Single(run.Result.Profiles);
        Assert.Equal(8.30m, profile.Revenue);
        Assert.Equal(1, profile.Purchases);
    }

    [Theory]
    [InlineData("12923.0", 12923L)]
    [InlineData("12923", 12923L)]
    [InlineData("12923.000", 12923L)]
    public void Customer_id_may_be_written_as_a_float(string customer, long expected)
    {
        var (events, _) = TestPipeline.Read(Csv($"1,23256,X,1,2011-10-06 16:20:00,1.00,{customer},UK"), InputFormat.Orders);

        Assert.Equal(expected, Assert.Single(events).UserId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("nan")]
    [InlineData("NaN")]
    public void Missing_customer_is_one_anonymous_customer_per_invoice(string customer)
    {
        var (events, rejects) = TestPipeline.Read(
            Csv($"548516,20769,DAISY JOURNAL ,1,2011-03-31 16:28:00,4.96,{customer},United Kingdom",
                $"548516,85099C,JUMBO BAG,6,2011-03-31 16:28:00,4.13,{customer},United Kingdom",
                $"549295,22741,FUNKY DIVA PEN,1,2011-04-07 19:49:00,1.63,{customer},United Kingdom"),
            InputFormat.Orders);

        Assert.Equal(0, rejects.Counters.Rejected);
        Assert.Equal(3, events.Count);
        Assert.Equal(events[0].UserId, events[1].UserId);
        Assert.NotEqual(events[0].UserId, events[2].UserId);
        Assert.All(events, e => Assert.InRange(e.UserId, StableId.AnonymousBase, StableId.MappedBase - 1)); // not a string id's range
        Assert.Equal(StableId.Anonymous("548516"u8), events[0].UserId);
        Assert.Equal(3052096562796908530, StableId.Anonymous("536365"u8)); // by hand: 2^61 + the low 61 bits of MD5("anonymous:536365")
    }

    [Theory]
    [InlineData("85123A")]
    [InlineData("POST")]
    [InlineData("DCGS0076")]
    public void Non_numeric_stock_code_maps_to_a_stable_product_id(string code)
    {
        var (events, _) = TestPipeline.Read(
            Csv($"1,{code},X,1,2011-10-06 16:20:00,1.00,12923.0,UK", $"2,{code},X,1,2011-10-07 16:20:00,1.00,12924.0,UK"),
            InputFormat.Orders);

        Assert.Equal(2, events.Count);
        Assert.Equal(StableId.Of(Encoding.UTF8.GetBytes(code)), events[0].ProductId);
        Assert.Equal(events[0].ProductId, events[1].ProductId);
        Assert.True(events[0].ProductId >= StableId.MappedBase);
    }

    [Fact]
    public void Quoted_description_with_a_comma_is_one_field()
    {
        var (events, rejects) = TestPipeline.Read(Csv("536365,71053,\"WHITE METAL LANTERN, LARGE\",6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom"), InputFormat.Orders);

        Assert.Equal(0, rejects.Counters.Rejected);
        Assert.Equal(17850, Assert.Single(events).UserId);
    }

    [Theory]
    [InlineData("1,23256,X,1,2011-10-06 16:20:00,1.00,12923.5,UK", "number")]
    [InlineData("1,23256,X,1,2011-10-06 16:20:00,1.00,abc,UK", "number")]
    [InlineData("1,23256,X,1,2011-10-06 16:20:00,1.00,0.0,UK", "id")]
    [InlineData("1,23256,X,one,2011-10-06 16:20:00,1.00,12923.0,UK", "number")]
    [InlineData("1,23256,X,1,2011-13-06 16:20:00,1.00,12923.0,UK", "event_time")]
    [InlineData("1,23256,X,1,2011-10-06 16:20:00,-11062.06,12923.0,UK", "price")]
    [InlineData("1,23256,X,1,2011-10-06 16:20:00,1000000001,12923.0,UK", "price")]
    [InlineData("1,23256,X,1000001,2011-10-06 16:20:00,1.00,12923.0,UK", "number")]
    [InlineData("C1,23256,X,-1000001,2011-10-06 16:20:00,1.00,12923.0,UK", "number")]
    [InlineData("1,23256,X,1000000,2011-10-06 16:20:00,1000000.01,12923.0,UK", "price")] // a line over 10^12
    [InlineData("1,,X,1,2011-10-06 16:20:00,1.00,12923.0,UK", "id")]
    [InlineData(",23256,X,1,2011-10-06 16:20:00,1.00,12923.0,UK", "id")]
    [InlineData("1,23256,X,1,2011-10-06 16:20:00,1.00,12923.0", "field_count")]
    public void Bad_order_line_is_rejected_with_its_reason(string line, string reason)
    {
        var run = TestPipeline.Run(Csv(line), InputFormat.Orders);

        run.AssertNothingLost();
        Assert.Equal(reason, run.SingleDeadLetter().GetProperty("reason").GetString());
    }

    [Fact]
    public void Online_retail_sample_is_read_without_loss()
    {
        int cancellations = File.ReadLines(RepoPaths.OrdersSample).Skip(1).Count(l => l.StartsWith('C'));

        var run = TestPipeline.Run(InputFiles.Resolve(RepoPaths.OrdersSample), format: null, TestPipeline.Options(2));

        run.AssertNothingLost();
        Assert.Equal(15000, run.Summary.EventsRead);
        Assert.Equal(15000, run.Summary.EventsAccepted);
        Assert.Equal(314, cancellations);
        Assert.Equal(cancellations, run.Summary.EventsOf("refund"));
        Assert.Equal(run.Summary.EventsAccepted - run.Summary.DuplicatesDropped, run.Summary.EventsByType.Sum(t => t.Value));
    }
}
