using System.Text.Json;
using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Tests;

namespace ShopStream.Core.Tests;

/// <summary>summary.json has SPEC's keys in SPEC's order and reads back to the same summary.</summary>
public sealed class SummaryJsonTests
{
    [Fact]
    public void Keys_are_specs_in_order()
    {
        var run = TestPipeline.Run([InputFile.FromPath(RepoPaths.Rees46Sample)], InputFormat.Rees46);

        var json = TestPipeline.SummaryJsonOf(run.Summary);

        Assert.Equal(
            ["events_read", "events_accepted", "events_rejected", "duplicates_dropped", "rejected_by_reason", "events_by_type",
             "users", "sessions", "sessions_with_purchase", "purchasing_users", "revenue", "segments", "late_events", "late_events_dropped",
             "sessions_with_cart", "abandoned_sessions", "cart_abandonment_rate"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["view", "cart", "remove_from_cart", "purchase"], json.GetProperty("events_by_type").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["high_value", "converting", "interested", "active_browser", "casual"], json.GetProperty("segments").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, json.GetProperty("revenue").ValueKind);
        Assert.Equal("14786.59", json.GetProperty("revenue").GetRawText());
    }

    [Fact]
    public void Money_has_its_cents_and_the_rate_its_four_places_when_the_values_are_whole()
    {
        // Whole JSON prices made "revenue": 5 and "cart_abandonment_rate": 0 (a decimal keeps the scale it had).
        string lines = """
            {"event_time":"2019-10-01T05:00:00Z","event_type":"cart","user_id":1,"product_id":2,"price":5}
            {"event_time":"2019-10-01T05:01:00Z","event_type":"purchase","user_id":1,"product_id":2,"price":5}

            """;

        var json = TestPipeline.SummaryJsonOf(TestPipeline.Run(lines.ReplaceLineEndings("\n"), InputFormat.JsonLines).Summary);

        Assert.Equal("5.00", json.GetProperty("revenue").GetRawText());
        Assert.Equal("0.0000", json.GetProperty("cart_abandonment_rate").GetRawText());
    }

    [Fact]
    public void Summary_reads_back_unchanged()
    {
        var summary = TestPipeline.Run([InputFile.FromPath(RepoPaths.Rees46Sample)], InputFormat.Rees46).Summary;
        var bytes = TestPipeline.SummaryBytesOf(summary);

        var back = SummaryJson.Read(new MemoryStream(bytes));

        Assert.Equal(bytes, TestPipeline.SummaryBytesOf(back));
        Assert.Equal(summary.Revenue, back.Revenue);
        Assert.Equal(1399, back.SegmentCount("casual"));
    }
}
