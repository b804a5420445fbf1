using ShopStream.Core.Events;
using ShopStream.Core.Ingest;

namespace ShopStream.Core.Tests;

/// <summary>JSON lines: one canonical event per object; numbers or strings for ids and prices; bad lines rejected with a reason.</summary>
public sealed class JsonLinesParserTests
{
    private const string Valid =
        """{"event_time":"2019-10-01T02:29:38Z","event_type":"purchase","user_id":7,"product_id":3,"price":12.5,"quantity":2,"brand":"acme","category_code":"a.b","category_id":9,"event_id":"e-1","session_id":"s-1","extra":{"nested":[1,2]}}""";

    [Fact]
    public void Valid_object_becomes_a_canonical_event()
    {
        var (events, rejects) = TestPipeline.Read(Valid + "\n", InputFormat.JsonLines);

        Assert.Equal(0, rejects.Counters.Rejected);
        var e = Assert.Single(events);
        Assert.Equal(new DateTime(2019, 10, 1, 2, 29, 38, DateTimeKind.Utc), e.EventTime);
        Assert.Equal(EventType.Purchase, e.Type);
        Assert.Equal(7, e.UserId);
        Assert.Equal(3, e.ProductId);
        Assert.Equal(9, e.CategoryId);
        Assert.Equal(12.5m, e.Price);
        Assert.Equal(2, e.Quantity);
        Assert.Equal("acme", e.Brand);
        Assert.Equal("a.b", e.CategoryCode);
        Assert.Equal("e-1", e.EventId);
        Assert.Equal("s-1", e.SessionKey);
    }

    [Theory]
    [InlineData("14.0", "2.0", 14, 2)] // 14.0 was a number reject
    [InlineData("\"6.0\"", "\"3.00\"", 6, 3)] // "6.0" was a string id, another customer than 6
    [InlineData("\"12923.\"", "1.0", 12923, 1)]
    public void Whole_numbers_with_a_zero_fraction_are_those_numbers(string user, string quantity, long userId, int expectedQuantity)
    {
        string line = $$"""{"event_time":"2019-10-01T00:00:00Z","event_type":"purchase","user_id":{{user}},"product_id":2,"price":1,"quantity":{{quantity}}}""";

        var (events, rejects) = TestPipeline.Read(line + "\n", InputFormat.JsonLines);

        Assert.Equal(0, rejects.Counters.Rejected);
        var e = Assert.Single(events);
        Assert.Equal(userId, e.UserId);
        Assert.Equal(expectedQuantity, e.Quantity);
    }

    [Fact]
    public void A_field_name_whose_escapes_make_no_text_names_no_field()
    {
        // A lone surrogate is JSON's grammar but no UTF-8: unescaping the name threw out of the parser, stopping the run.
        string line = Valid[..^1] + ""","\ud800":1}""";

        var (events, rejects) = TestPipeline.Read(line + "\n", InputFormat.JsonLines);

        Assert.Equal(0, rejects.Counters.Rejected);
        Assert.Equal(7, Assert.Single(events).UserId);
    }

    [Fact]
    public void A_byte_order_mark_before_a_later_line_is_skipped_as_at_the_start()
    {
        // cat a.jsonl b.jsonl, both saved with a BOM: b's first event was a json reject.
        string text = "\uFEFF" + Valid + "\n" + "\uFEFF" + Valid.Replace("e-1", "e-2", StringComparison.Ordinal) + "\n";

        var (events, rejects) = TestPipeline.Read(text, InputFormat.JsonLines);

        Assert.Equal(0, rejects.Counters.Rejected);
        Assert.Equal(["e-1", "e-2"], events.Select(e => e.EventId));
    }

    [Fact]
    public void A_quantity_may_be_a_string_as_ids_and_prices_may_and_objects_elsewhere_are_skipped()
    {
        // "2" was a number reject while "5.50" was a price; a field ShopStream does not read may hold anything to depth 8.
        string line = """{"event_time":"2019-10-01T00:00:00Z","event_type":"purchase","user_id":"1","product_id":2,"price":"5.50","quantity":"2","ctx":{"a":{"b":{"c":{"d":{"e":{"f":[1]}}}}}}}""";

        var (events, rejects) = TestPipeline.Read(line + "\n", InputFormat.JsonLines);

        Assert.Equal(0, rejects.Counters.Rejected);
        var e = Assert.Single(events);
        Assert.Equal((2, 5.50m, 1L), (e.Quantity, e.Price, e.UserId));
    }

    [Fact]
    public void Json_lines_are_detected_and_revenue_is_price_times_quantity()
    {
        var run = TestPipeline.Run(Valid + "\n", format: null);

        Assert.Equal(1, run.Summary.EventsAccepted);
        Assert.Equal(25.0m, run.Summary.Revenue);
    }

    [Theory]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z",""", "json")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z"} trailing""", "json")]
    [InlineData("""[1,2,3]""", "json")]
    [InlineData("""not json at all""", "json")]
    [InlineData("""{"event_type":"view","user_id":1,"product_id":2,"price":1}""", "event_time")]
    [InlineData("""{"event_time":"yesterday","event_type":"view","user_id":1,"product_id":2,"price":1}""", "event_time")]
    [InlineData("""{"event_time":1570000000,"event_type":"view","user_id":1,"product_id":2,"price":1}""", "event_time")]
    [InlineData("""{"event_time":"01/10/2019 00:00:11","event_type":"view","user_id":1,"product_id":2,"price":1}""", "event_time")] // was 10 January
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","user_id":1,"product_id":2,"price":1}""", "event_type")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"click","user_id":1,"product_id":2,"price":1}""", "event_type")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","product_id":2,"price":1}""", "id")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"price":1}""", "id")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2}""", "number")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":0,"product_id":2,"price":1}""", "id")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":"-4","product_id":2,"price":1}""", "id")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":"","product_id":2,"price":1}""", "id")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1.5,"product_id":2,"price":1}""", "number")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":-3.0,"product_id":2,"price":1}""", "id")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":1,"quantity":1.5}""", "number")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":true,"product_id":2,"price":1}""", "number")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":"ten"}""", "number")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":-1}""", "price")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":1,"category_id":"abc"}""", "number")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","event_type":"purchase","user_id":1,"product_id":2,"price":1}""", "json")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":1,"price":1000}""", "json")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":9,"product_id":2,"price":1,"u\u0073er_id":5}""", "json")] // was user 9, where JSON readers take 5
    // The first problem from the left names the reason: a field given twice after an invalid first value is that value's.
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":0,"product_id":2,"price":1,"user_id":7}""", "id")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":8,"product_id":2,"price":1,"user_id":0}""", "json")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"purchase","user_id":1,"product_id":2,"price":1,"utm_source":"a","utm_source":"b"}""", "json")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":1000000000.01}""", "price")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":"50000000000000000000000000000"}""", "price")]
    // Beyond decimal's range (7.9e28) a price is still a number, too large: these were number, where 7e28 was price.
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":8e28}""", "price")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":"1e30"}""", "price")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":-1e30}""", "price")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"purchase","user_id":1,"product_id":2,"price":1,"tax":1e300}""", "price")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":"1e400"}""", "number")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":" 1e30"}""", "number")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"purchase","user_id":1,"product_id":2,"price":1,"order_total":1000000001}""", "price")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"purchase","user_id":1,"product_id":2,"price":1,"quantity":1000001}""", "number")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"purchase","user_id":1,"product_id":2,"price":1,"quantity":-1000001}""", "number")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":1,"brand":"\ud800"}""", "encoding")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":"\udfff","product_id":2,"price":1}""", "encoding")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":1,"session_id":"a\ud800b"}""", "encoding")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":1,"brand":"x\u0000"}""", "encoding")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"purchase","user_id":1,"product_id":2,"price":1,"quantity":"two"}""", "number")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"purchase","user_id":1,"product_id":2,"price":1,"quantity":"1000001"}""", "number")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":1,"brand":["acme"]}""", "json")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":1,"session_id":{"id":"s"}}""", "json")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":{"id":1},"product_id":2,"price":1}""", "json")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"purchase","user_id":1,"product_id":2,"price":1,"utm_campaign":[]}""", "json")]
    [InlineData("""{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":1,"x":{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":1}}}}}}}}}""", "json")]
    public void Bad_line_is_rejected_with_its_reason(string line, string reason)
    {
        var run = TestPipeline.Run(Valid + "\n" + line + "\n", InputFormat.JsonLines);

        run.AssertNothingLost();
        Assert.Equal(2, run.Summary.EventsRead);
        Assert.Equal(1, run.Summary.RejectedFor(reason));
        var dead = run.SingleDeadLetter();
        Assert.Equal(reason, dead.GetProperty("reason").GetString());
        Assert.Equal(line, dead.GetProperty("raw").GetString());
        Assert.Equal(2, dead.GetProperty("line").GetInt64());
    }

    [Fact]
    public void Largest_price_and_lines_are_accepted_and_their_revenue_summed_exactly()
    {
        string line(int second, int quantity) => $$"""{"event_time":"2019-10-01T00:00:{{second:D2}}Z","event_type":"purchase","user_id":1,"product_id":{{second + 1}},"price":1000000000,"quantity":{{quantity}}}""";
        const string PairEscaped = """{"event_time":"2019-10-01T00:00:03Z","event_type":"view","user_id":1,"product_id":9,"price":1000000000,"brand":"\ud83d\ude00"}""";
        var run = TestPipeline.Run(string.Join("\n", line(0, 1_000), line(1, 1_000), line(2, -1_000), PairEscaped, line(4, 1_001)) + "\n", InputFormat.JsonLines);

        run.AssertNothingLost();
        Assert.Equal(4, run.Summary.EventsAccepted); // a surrogate pair escaped is a character: only a lone one is "encoding"
        Assert.Equal(1_000_000_000_000m, run.Summary.Revenue); // 10^12 + 10^12 - 10^12
        Assert.Equal(1, run.Summary.RejectedFor("price")); // a line of 1.001·10^12
    }

    [Fact]
    public void String_ids_are_parsed_or_mapped_stably()
    {
        const string lines = """
            {"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":"42","product_id":"7","price":"1.25"}
            {"event_time":"2019-10-01T00:00:01Z","event_type":"view","user_id":"alice@example.com","product_id":"SKU-9","price":1}
            {"event_time":"2019-10-01T00:00:02Z","event_type":"cart","user_id":"alice@example.com","product_id":"SKU-9","price":1}
            """;

        var (events, rejects) = TestPipeline.Read(lines, InputFormat.JsonLines);

        Assert.Equal(0, rejects.Counters.Rejected);
        Assert.Equal(3, events.Count);
        Assert.Equal(42, events[0].UserId);
        Assert.Equal(7, events[0].ProductId);
        Assert.Equal(1.25m, events[0].Price);
        Assert.Equal(StableId.Of("alice@example.com"u8), events[1].UserId);
        Assert.Equal(events[1].UserId, events[2].UserId);
        Assert.Equal(StableId.Of("SKU-9"u8), events[1].ProductId);
    }

    [Fact]
    public void Search_needs_no_product_or_price()
    {
        var run = TestPipeline.Run("""{"event_time":"2019-10-01T00:00:00+02:00","event_type":"search","user_id":5}""" + "\n", InputFormat.JsonLines);

        run.AssertNothingLost();
        Assert.Equal(1, run.Summary.EventsOf("search"));
        Assert.Equal(new DateTime(2019, 9, 30, 22, 0, 0, DateTimeKind.Utc), Assert.Single(run.Result.Profiles).FirstSeen);
    }

    [Fact]
    public void Null_and_unknown_fields_are_ignored()
    {
        var run = TestPipeline.Run(
            """{"event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":1,"product_id":2,"price":1,"brand":null,"whatever":"x","list":[{"a":1}]}""" + "\n",
            InputFormat.JsonLines);

        run.AssertNothingLost();
        Assert.Equal(1, run.Summary.EventsAccepted);
        Assert.Null(Assert.Single(run.Result.Profiles).TopBrand);
    }
}
