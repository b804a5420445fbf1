using System.Text;
using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Core.Output;

namespace ShopStream.Core.Tests.Analytics;

/// <summary>Order and attribution fields of JSON lines: validated, carried on events, and gathered into order facts.</summary>
public sealed class OrderDetailsTests
{
    private static string Line(string time, long user, long product, string price, int quantity, string order, string extra) =>
        $$"""{"event_time":"{{time}}","event_type":"purchase","user_id":{{user}},"product_id":{{product}},"price":{{price}},"quantity":{{quantity}},"order_id":"{{order}}"{{extra}}}""" + "\n";

    private const string Paid =
        ""","payment_method":"card","order_subtotal":25.00,"tax":"4.17","shipping":4.99,"order_total":29.99,"channel":"paid_search","utm_source":"google","utm_medium":"cpc","utm_campaign":"autumn_sale" """;

    [Fact]
    public void Order_and_attribution_fields_are_read_into_the_events_details()
    {
        var (events, rejects) = TestPipeline.Read(Line("2019-10-01T10:00:00Z", 7, 3, "12.50", 2, "O1", Paid), InputFormat.JsonLines);

        Assert.Equal(0, rejects.Counters.Rejected);
        var d = Assert.Single(events).Details;
        Assert.NotNull(d);
        Assert.Equal(
            new EventDetails
            {
                PaymentMethod = "card", Subtotal = 25.00m, Tax = 4.17m, Shipping = 4.99m, Total = 29.99m,
                Channel = "paid_search", UtmSource = "google", UtmMedium = "cpc", UtmCampaign = "autumn_sale",
            },
            d);
        Assert.Equal("25.00", d.Subtotal!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Events_without_those_fields_have_no_details_and_events_with_the_same_values_share_them()
    {
        var (events, _) = TestPipeline.Read(
            Line("2019-10-01T10:00:00Z", 7, 3, "1", 1, "O1", Paid) + Line("2019-10-01T10:00:00Z", 7, 4, "2", 1, "O1", Paid)
            + Line("2019-10-01T10:00:00Z", 7, 5, "3", 1, "O2", ""),
            InputFormat.JsonLines);

        Assert.Same(events[0].Details, events[1].Details);
        Assert.Null(events[2].Details);
    }

    [Theory]
    [InlineData(""","tax":-0.01""", "price")]
    [InlineData(""","shipping":"-4.99" """, "price")]
    [InlineData(""","order_total":-1""", "price")]
    [InlineData(""","order_subtotal":"twelve" """, "number")]
    [InlineData(""","tax":true""", "number")]
    [InlineData(""","order_total":1e400""", "number")]
    public void Bad_order_money_is_rejected_with_SPECs_reason(string field, string reason)
    {
        var (events, rejects) = TestPipeline.Read(Line("2019-10-01T10:00:00Z", 7, 3, "1", 1, "O1", field), InputFormat.JsonLines);

        Assert.Empty(events);
        Assert.Equal(reason, rejects.SingleDeadLetter().GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("payment_method")]
    [InlineData("channel")]
    [InlineData("utm_source")]
    [InlineData("utm_medium")]
    [InlineData("utm_campaign")]
    public void A_text_field_over_its_limit_is_rejected_as_too_large_and_one_at_the_limit_is_kept(string field)
    {
        string atLimit = new('x', EventDetails.MaxTextBytes);
        string over = new('é', (EventDetails.MaxTextBytes / 2) + 1); // 2 bytes each in UTF-8: the limit is in bytes
        var (events, rejects) = TestPipeline.Read(
            Line("2019-10-01T10:00:00Z", 7, 3, "1", 1, "O1", $",\"{field}\":\"{atLimit}\"")
            + Line("2019-10-01T10:00:00Z", 7, 4, "1", 1, "O1", $",\"{field}\":\"{over}\"")
            + Line("2019-10-01T10:00:00Z", 7, 5, "1", 1, "O1", $",\"{field}\":\"{new string('y', 100_000)}\""),
            InputFormat.JsonLines);

        Assert.Single(events);
        Assert.Equal(2, rejects.DeadLetters.Count);
        Assert.All(rejects.DeadLetters, d => Assert.Equal("too_large", d.GetProperty("reason").GetString()));
    }

    [Fact]
    public void Events_that_differ_only_in_their_details_are_duplicates()
    {
        var run = TestPipeline.Run(
            Line("2019-10-01T10:00:00Z", 7, 3, "1", 1, "O1", Paid) + Line("2019-10-01T10:00:00Z", 7, 3, "1", 1, "O1", ""","channel":"email" """),
            InputFormat.JsonLines);

        Assert.Equal(1, run.Summary.DuplicatesDropped);
        Assert.Equal("paid_search", Assert.Single(run.Result.Orders).Details!.Channel);
    }

    [Fact]
    public void Lines_that_disagree_take_the_order_fields_of_the_first_line_in_event_time_then_arrival_order()
    {
        var run = TestPipeline.Run(
            Line("2019-10-01T10:00:05Z", 7, 3, "1", 1, "O1", ""","tax":3,"channel":"email" """)
            + Line("2019-10-01T10:00:00Z", 7, 4, "2", 1, "O1", ""","tax":1,"channel":"organic" """)
            + Line("2019-10-01T10:00:00Z", 7, 5, "3", 1, "O1", ""","tax":2,"channel":"social" """)
            + Line("2019-10-01T10:00:09Z", 7, 6, "4", 1, "O1", ""","tax":4""")
            + Line("2019-10-01T11:00:00Z", 8, 6, "5", 2, "O2", ""","shipping":0.00""")
            + Line("2019-10-01T10:59:00Z", 8, 7, "6", 1, "O2", ""),
            InputFormat.JsonLines,
            TestPipeline.Options(2));

        var orders = run.Result.Orders.ToList();
        Assert.Equal(2, orders.Count);
        Assert.Equal((4, 10m, 1m, "organic"), (orders[0].Lines, orders[0].Value, orders[0].Details!.Tax, orders[0].Details!.Channel));
        Assert.Equal((2, 16m), (orders[1].Lines, orders[1].Value));
        Assert.Null(orders[1].Details); // the earliest line had none: fields of later lines are not mixed in
    }

    [Fact]
    public void Orders_csv_has_the_order_fields_and_leaves_them_empty_when_the_source_has_none()
    {
        var run = TestPipeline.Run(
            Line("2019-10-01T10:00:00Z", 7, 3, "12.50", 2, "O1", Paid) + Line("2019-10-01T10:00:00Z", 8, 3, "1", 1, "O,2", ""),
            InputFormat.JsonLines);
        using var csv = new MemoryStream();

        OrdersCsv.Write(csv, run.Result.Orders);

        Assert.Equal(
            "order_id,user_id,order_time,lines,items,value,tax,shipping,total,payment_method,channel,utm_source,utm_medium,utm_campaign\n"
            + "O1,7,2019-10-01T10:00:00Z,1,2,25.00,4.17,4.99,29.99,card,paid_search,google,cpc,autumn_sale\n"
            + "\"O,2\",8,2019-10-01T10:00:00Z,1,1,1.00,,,,,,,,\n",
            Encoding.UTF8.GetString(csv.ToArray()));
    }

    [Fact]
    public void Orders_of_the_orders_format_have_no_order_fields()
    {
        var run = TestPipeline.Run([InputFile.FromPath(ShopStream.Tests.RepoPaths.OrdersSample)], InputFormat.Orders, TestPipeline.Options(2));

        Assert.NotEmpty(run.Result.Orders);
        Assert.All(run.Result.Orders, o => Assert.Null(o.Details));
    }
}
