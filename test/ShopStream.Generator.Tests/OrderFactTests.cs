using System.Globalization;
using System.Text.Json;
using ShopStream.Core.Ingest;
using ShopStream.Core.Processing;

namespace ShopStream.Generator.Tests;

/// <summary>The generator's orders, read back from its JSON lines by ShopStream, against a LINQ recomputation from the file.</summary>
public sealed class OrderFactTests
{
    [Fact]
    public void Order_facts_from_generated_json_lines_match_a_recomputation_from_the_file()
    {
        var (bytes, stats) = Generate.Run(Generate.Options(40_000, OutputFormat.JsonLines));
        var options = new PipelineOptions { Partitions = 3, ParseThreads = 2 };
        var rejects = new RejectCounter();
        var reader = new EventReader([InputFile.FromStream("generated", new MemoryStream(bytes))], InputFormat.JsonLines, rejects, options.BatchSize, options.ParseThreads);
        var actual = StreamPipeline.Run(reader, options).Orders
            .Select(o => (o.OrderId, o.UserId, o.OrderTime, o.Lines, o.Items, o.Value, o.Details?.Tax, o.Details?.Shipping, o.Details?.Total,
                o.Details?.PaymentMethod, o.Details?.Channel, o.Details?.UtmSource, o.Details?.UtmMedium, o.Details?.UtmCampaign))
            .ToList();

        var purchases = Generate.Lines(bytes)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("event_type").GetString() == "purchase")
            .Select(e => new
            {
                Order = e.GetProperty("order_id").GetString()!,
                User = e.GetProperty("user_id").GetInt64(),
                Time = DateTime.Parse(e.GetProperty("event_time").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
                Line = e.GetProperty("line").GetInt32(),
                Quantity = e.GetProperty("quantity").GetInt32(),
                Amount = e.GetProperty("price").GetDecimal() * e.GetProperty("quantity").GetInt32(),
                Subtotal = e.GetProperty("order_subtotal").GetDecimal(),
                Tax = e.GetProperty("tax").GetDecimal(),
                Shipping = e.GetProperty("shipping").GetDecimal(),
                Total = e.GetProperty("order_total").GetDecimal(),
                Payment = e.GetProperty("payment_method").GetString(),
                Channel = e.GetProperty("channel").GetString(),
                Source = Text(e, "utm_source"),
                Medium = Text(e, "utm_medium"),
                Campaign = Text(e, "utm_campaign"),
            })
            .ToList();
        var expected = purchases
            .GroupBy(p => (p.User, p.Order))
            .Select(g =>
            {
                var first = g.OrderBy(p => p.Time).ThenBy(p => p.Line).First();
                return (g.Key.Order, g.Key.User, first.Time, g.Count(), (long)g.Sum(p => p.Quantity), g.Sum(p => p.Amount), (decimal?)first.Tax,
                    (decimal?)first.Shipping, (decimal?)first.Total, first.Payment, first.Channel, first.Source, first.Medium, first.Campaign);
            })
            .OrderBy(o => o.User).ThenBy(o => o.Time).ThenBy(o => o.Order, StringComparer.Ordinal)
            .ToList();

        Assert.Empty(rejects.ByReason);
        Assert.Equal(stats.Orders, expected.Count);
        Assert.True(expected.Count > 200, $"only {expected.Count} orders");
        Assert.Contains(expected, o => o.Item7 > 0);
        Assert.Contains(expected, o => o.Item8 > 0);
        Assert.Contains(expected, o => o.Item12 is not null);
        Assert.Equal(expected, actual);
        // The generator's own subtotal is the sum of its lines, and its total the subtotal plus shipping (VAT is in the prices).
        Assert.All(purchases.GroupBy(p => p.Order), g => Assert.Equal(g.First().Subtotal, g.Sum(p => p.Amount)));
        Assert.All(purchases, p => Assert.Equal(p.Subtotal + p.Shipping, p.Total));
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;
}
