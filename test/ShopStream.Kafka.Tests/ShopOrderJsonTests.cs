using System.Buffers;
using System.Text;
using System.Text.Json;
using ShopStream.Core.Log;
using ShopStream.Core.Orders;
using ShopStream.Kafka.Orders;

namespace ShopStream.Kafka.Tests;

/// <summary>The orders topic's value: an order round-trips exactly; anything else is refused with the reason.</summary>
public sealed class ShopOrderJsonTests
{
    private static readonly ShopOrder Full = new()
    {
        OrderId = "O000000042",
        UserId = 512_475_445,
        OrderTime = new DateTime(2019, 10, 1, 2, 29, 38, DateTimeKind.Utc),
        Items = [new OrderItem(1_004_767, 2_053_013_555_631_882_655, "samsung", 120.50m, 2), new OrderItem(5, 0, null, 0.99m, 1)],
        Subtotal = 241.99m,
        PaymentMethod = "card",
        Tax = 40.33m,
        Shipping = 0.00m,
        Total = 241.99m,
        Currency = "EUR",
        Channel = "paid_search",
        UtmSource = "google",
        UtmMedium = "cpc",
        UtmCampaign = "autumn_sale",
    };

    [Fact]
    public void An_order_round_trips_with_every_field_and_the_scale_of_its_money()
    {
        var back = ShopOrderJson.Read(Write(Full));

        Assert.Equal(Full with { Items = [] }, back with { Items = [] });
        Assert.Equal(Full.Items, back.Items);
        Assert.Equal("0.00", back.Shipping!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith(
            """{"schema_version":1,"order_id":"O000000042","user_id":512475445,"order_time":"2019-10-01T02:29:38Z","payment_method":"card","items":[{"product_id":1004767,"category_id":2053013555631882655,"brand":"samsung","price":120.50,"quantity":2},{"product_id":5,"price":0.99,"quantity":1}],"subtotal":241.99,""",
            Encoding.UTF8.GetString(Write(Full)), StringComparison.Ordinal);
    }

    [Fact]
    public void Optional_fields_are_left_out_and_read_back_as_absent()
    {
        var bare = new ShopOrder { OrderId = "536365", UserId = 17850, OrderTime = Full.OrderTime, Items = [new OrderItem(3, 0, null, 2.55m, 6)], Subtotal = 15.30m };

        string json = Encoding.UTF8.GetString(Write(bare));
        var back = ShopOrderJson.Read(Encoding.UTF8.GetBytes(json));

        Assert.DoesNotContain("tax", json, StringComparison.Ordinal);
        Assert.Equal(bare with { Items = [] }, back with { Items = [] });
    }

    [Theory]
    [InlineData("not json", "not a ShopStream order")]
    [InlineData("""{"schema_version":2,"order_id":"A","user_id":1,"order_time":"2019-10-01T00:00:00Z","items":[{"product_id":1,"price":1}],"subtotal":1}""", "schema_version 2 is not supported")]
    [InlineData("""{"schema_version":1,"user_id":1,"order_time":"2019-10-01T00:00:00Z","items":[{"product_id":1,"price":1}],"subtotal":1}""", "order_id is missing")]
    [InlineData("""{"schema_version":1,"order_id":"A","user_id":0,"order_time":"2019-10-01T00:00:00Z","items":[{"product_id":1,"price":1}],"subtotal":1}""", "user_id is missing or not positive")]
    [InlineData("""{"schema_version":1,"order_id":"A","user_id":1,"order_time":"soon","items":[{"product_id":1,"price":1}],"subtotal":1}""", "order_time 'soon'")]
    [InlineData("""{"schema_version":1,"order_id":"A","user_id":1,"order_time":"2019-10-01T00:00:00Z","items":[],"subtotal":1}""", "has no items")]
    [InlineData("""{"schema_version":1,"order_id":"A","user_id":1,"order_time":"2019-10-01T00:00:00Z","items":[{"price":1}],"subtotal":1}""", "product_id is missing")]
    [InlineData("""{"schema_version":1,"order_id":"A","user_id":1,"order_time":"2019-10-01T00:00:00Z","items":[{"product_id":1,"price":-1}],"subtotal":1}""", "price -1 is negative")]
    [InlineData("""{"schema_version":1,"order_id":"A","user_id":1,"order_time":"2019-10-01T00:00:00Z","items":[{"product_id":1,"price":1}],"subtotal":1,"shipping":-4.99}""", "shipping -4.99 is negative")]
    [InlineData("""{"schema_version":1,"order_id":"A","user_id":1,"order_time":"2019-10-01T00:00:00Z","items":[1,2],"subtotal":1}""", "items holds something other than objects")]
    [InlineData("""{"schema_version":1,"order_id":"A","user_id":1,"order_time":"2019-10-01T00:00:00Z","items":[{"product_id":1,"price":1}]}""", "subtotal is missing")]
    public void Values_that_are_not_orders_are_refused_with_the_reason(string json, string reason)
    {
        var ex = Assert.Throws<LogFormatException>(() => ShopOrderJson.Read(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_order_over_the_item_limit_or_with_an_overlong_label_is_refused()
    {
        var huge = Full with { Items = [.. Enumerable.Repeat(new OrderItem(1, 0, null, 1m, 1), ShopOrderJson.MaxItems + 1)] };
        var label = Full with { Channel = new string('x', Core.Events.EventDetails.MaxTextBytes + 1) };

        Assert.Contains("over 10000 items", Assert.Throws<LogFormatException>(() => ShopOrderJson.Read(Write(huge))).Message, StringComparison.Ordinal);
        Assert.Contains("channel is over", Assert.Throws<LogFormatException>(() => ShopOrderJson.Read(Write(label))).Message, StringComparison.Ordinal);
    }

    private static byte[] Write(ShopOrder order)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var w = new Utf8JsonWriter(buffer);
        ShopOrderJson.Write(w, order);
        return buffer.WrittenSpan.ToArray();
    }
}
