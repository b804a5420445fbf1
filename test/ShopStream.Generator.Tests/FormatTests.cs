using System.Text.Json;

namespace ShopStream.Generator.Tests;

/// <summary>Every format reads back through ShopStream.Core with nothing rejected and nothing duplicated.</summary>
public sealed class FormatTests
{
    [Theory]
    [InlineData(OutputFormat.Rees46, 50_000)]
    [InlineData(OutputFormat.JsonLines, 20_000)]
    [InlineData(OutputFormat.Orders, 10_000)] // order lines only: each takes many sessions to make
    public void Output_parses_with_zero_rejects_and_no_accidental_duplicates(OutputFormat format, int records)
    {
        var (bytes, stats) = Generate.Run(Generate.Options(records, format));

        // Format detected from the first line, as `shopstream run` does without --format.
        var (summary, rejects) = Generate.Pipeline(bytes, format: null);

        Assert.True(summary.EventsRejected == 0, string.Join("\n", rejects.Samples));
        Assert.Equal(records, summary.EventsRead);
        Assert.Equal(0, summary.DuplicatesDropped);
        Assert.Equal(0, summary.LateEvents);
        Assert.Equal(stats.Events, summary.EventsAccepted);
        foreach (var kind in Enum.GetValues<EventKind>())
            Assert.Equal(stats.EventsOf(kind), summary.EventsOf(GeneratorNames.Name(kind)));
    }

    [Fact]
    public void Rees46_has_its_nine_columns_and_leaves_searches_and_refunds_out()
    {
        var (bytes, stats) = Generate.Run(Generate.Options(30_000));
        var lines = Generate.Lines(bytes);

        Assert.Equal("event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session", lines[0]);
        Assert.All(lines.Skip(1), l => Assert.Equal(9, l.Split(',').Length));
        Assert.Matches(@"^2019-10-01 00:00:\d\d UTC,view,\d+,\d{19},[a-z_.]*,[a-z0-9-]*,\d+\.\d\d,\d+,[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", lines[1]);
        Assert.DoesNotContain(lines, l => l.Contains(",search,", StringComparison.Ordinal));
        Assert.True(stats.SkippedOf(EventKind.Search) > 0);
        Assert.Equal(0, stats.EventsOf(EventKind.Search));
    }

    [Fact]
    public void Json_lines_carry_the_canonical_fields_and_the_extras()
    {
        var (bytes, _) = Generate.Run(Generate.Options(10_000, OutputFormat.JsonLines));
        var docs = Generate.Lines(bytes).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal(docs.Count, docs.Select(d => d.GetProperty("event_id").GetString()).Distinct().Count());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", docs[0].GetProperty("event_time").GetString());
        var inSessions = docs.Where(d => d.GetProperty("event_type").GetString() != "refund").ToList(); // refunds come later, from the back office
        foreach (var field in new[] { "event_type", "user_id", "session_id", "country", "user_agent", "ip", "device", "channel" })
            Assert.All(inSessions, d => Assert.True(d.TryGetProperty(field, out _), field));
        var purchase = docs.First(d => d.GetProperty("event_type").GetString() == "purchase");
        foreach (var field in new[] { "order_id", "quantity", "price", "product_id", "payment_method", "tax", "shipping", "order_total" })
            Assert.True(purchase.TryGetProperty(field, out _), field);
        Assert.Contains(docs, d => d.GetProperty("event_type").GetString() == "search" && d.TryGetProperty("query", out _));
        Assert.Contains(docs, d => d.TryGetProperty("utm_campaign", out _));
        Assert.Contains(docs, d => d.GetProperty("device").GetString() == "mobile");
    }

    [Fact]
    public void Orders_are_order_lines_with_cancellations()
    {
        var (bytes, stats) = Generate.Run(new GeneratorOptions { Duration = TimeSpan.FromDays(5), SessionsPerHour = 1_000, Products = 5_000, Format = OutputFormat.Orders });
        var lines = Generate.Lines(bytes);

        Assert.Equal("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, f => Assert.Equal(8, f.Length));
        var cancelled = rows.Where(f => f[0].StartsWith('C')).ToList();
        Assert.InRange(cancelled.Count / (double)rows.Count, 0.005, 0.05);
        Assert.All(cancelled, f => Assert.StartsWith("-", f[3], StringComparison.Ordinal));
        Assert.InRange(rows.Count(f => f[6].Length == 0) / (double)rows.Count, 0.15, 0.35); // guest checkouts
        Assert.Equal(stats.EventsOf(EventKind.Refund), cancelled.Count);
        // Invoice numbers follow time.
        var first = rows.Where(f => !f[0].StartsWith('C')).Select(f => long.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(first.Zip(first.Skip(1)).All(p => p.Second >= p.First), "invoice numbers out of order");
    }
}
