using System.Buffers;
using System.Text;
using ShopStream.Core.Events;
using ShopStream.Core.Log;
using ShopStream.Kafka.Json;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

public sealed class KafkaEventJsonTests
{
    [Fact]
    public void Every_sample_event_survives_the_json_schema_exactly()
    {
        var events = Payloads.ParseSample(RepoPaths.Rees46Sample);
        Assert.Equal(5000, events.Count);
        long streamMax = 0;
        foreach (var e in events)
        {
            streamMax = Math.Max(streamMax, e.EventTimeTicks);
            var json = new ArrayBufferWriter<byte>();
            KafkaEventJson.Write(json, e, streamMax);
            KafkaEventJson.Read(json.WrittenSpan, out var back, out long backMax);
            Assert.Equal(Convert.ToHexString(Payloads.Encode(e, streamMax)), Convert.ToHexString(Payloads.Encode(back, backMax)));
        }
    }

    [Fact]
    public void Rich_events_keep_every_field_price_scale_and_empty_strings()
    {
        var e = new ShopEvent
        {
            EventTimeTicks = new DateTime(2019, 10, 1, 2, 29, 38, DateTimeKind.Utc).Ticks + 1234567,
            Type = EventType.Purchase,
            UserId = 512_475_445,
            ProductId = 1_004_767,
            CategoryId = 2_053_013_555_631_882_655,
            CategoryCode = "electronics.smartphone",
            Brand = "",
            Price = 1.50m,
            Quantity = 3,
            SessionText = "session-7",
            SourceEventId = "evt-1",
            OrderId = "536365",
            Country = "United Kingdom",
            UserAgent = "Mozilla/5.0 \"quoted\" ünïcode",
            Ip = "127.0.0.1",
            Fingerprint = new UInt128(1, 2),
            Details = new EventDetails { PaymentMethod = "card", Subtotal = 4.50m, Tax = 0.750m, Shipping = 0m, Channel = "email", UtmCampaign = "week_3" },
        };
        var json = new ArrayBufferWriter<byte>();
        KafkaEventJson.Write(json, e, e.EventTimeTicks + 10);

        KafkaEventJson.Read(json.WrittenSpan, out var back, out long streamMax);

        Assert.Equal(Payloads.Encode(e, e.EventTimeTicks + 10), Payloads.Encode(back, streamMax));
        Assert.Equal("1.50", back.Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(e.Details, back.Details);
        Assert.Equal("0.750", back.Details!.Tax!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("\"payment_method\":\"card\",\"order_subtotal\":4.50,\"tax\":0.750,\"shipping\":0,\"channel\":\"email\",\"utm_campaign\":\"week_3\"", Encoding.UTF8.GetString(json.WrittenSpan), StringComparison.Ordinal);
        Assert.StartsWith("{\"schema_version\":1,\"event_id\":\"evt-1\",\"event_time\":\"2019-10-01T02:29:38.1234567Z\",\"event_type\":\"purchase\"", Encoding.UTF8.GetString(json.WrittenSpan), StringComparison.Ordinal);
    }

    [Fact]
    public void Events_from_other_producers_without_shopstreams_fields_get_a_fingerprint()
    {
        var json = """{"schema_version":1,"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":7,"product_id":9,"price":2.5,"extra":{"a":[1]}}"""u8;

        KafkaEventJson.Read(json, out var e, out long streamMax);

        Assert.Equal(EventType.View, e.Type);
        Assert.Equal(7, e.UserId);
        Assert.Equal(1, e.Quantity);
        Assert.Equal(e.EventTimeTicks, streamMax);
        Assert.NotEqual(UInt128.Zero, e.Fingerprint);
    }

    [Fact]
    public void A_field_name_written_with_escapes_is_the_field()
    {
        // Matched by raw bytes, "u\u0073er_id" was an unknown field: the event was refused as having no user_id.
        var json = """{"schema_version":1,"event_time":"2019-10-01T00:00:00Z","event_type":"view","u\u0073er_id":7,"product_\u0069d":9,"price":2.5}"""u8;

        KafkaEventJson.Read(json, out var e, out _);

        Assert.Equal(7, e.UserId);
        Assert.Equal(9, e.ProductId);
    }

    [Theory]
    [InlineData("not json", "not a ShopStream event")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"schema_version":2,"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":7,"product_id":9}""", "schema_version 2 is not supported")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":7,"product_id":9}""", "schema_version is missing")]
    [InlineData("""{"schema_version":1,"event_type":"view","user_id":7,"product_id":9}""", "event_time is missing")]
    [InlineData("""{"schema_version":1,"event_time":"yesterday","event_type":"view","user_id":7,"product_id":9}""", "event_time 'yesterday'")]
    [InlineData("""{"schema_version":1,"event_time":"2019-10-01T00:00:00Z","event_type":"click","user_id":7,"product_id":9}""", "event_type 'click'")]
    [InlineData("""{"schema_version":1,"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":-7,"product_id":9}""", "not a valid id")]
    [InlineData("""{"schema_version":1,"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":7,"product_id":9,"price":-1}""", "price -1 is negative")]
    [InlineData("""{"schema_version":1,"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":"x","product_id":9}""", "not a ShopStream event")]
    [InlineData("""{"schema_version":1} trailing""", "not a ShopStream event")]
    [InlineData("""{"schema_version":1,"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":7,"product_id":9,"tax":-0.01}""", "order money -0.01 is negative")]
    [InlineData("""{"schema_version":1,"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":7,"product_id":9,"shipping":"4.99"}""", "not a ShopStream event")]
    public void Values_that_are_not_events_are_refused_with_the_reason(string json, string reason)
    {
        var ex = Assert.Throws<LogFormatException>(() => KafkaEventJson.Read(Encoding.UTF8.GetBytes(json), out _, out _));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_detail_over_its_limit_is_refused()
    {
        string json = "{\"schema_version\":1,\"event_time\":\"2019-10-01T00:00:00Z\",\"event_type\":\"view\",\"user_id\":7,\"product_id\":9,\"utm_campaign\":\"" + new string('x', EventDetails.MaxTextBytes + 1) + "\"}";

        var ex = Assert.Throws<LogFormatException>(() => KafkaEventJson.Read(Encoding.UTF8.GetBytes(json), out _, out _));
        Assert.Contains($"over {EventDetails.MaxTextBytes} bytes", ex.Message, StringComparison.Ordinal);
    }
}
