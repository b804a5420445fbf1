using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Core.Processing.Analytics;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Analytics;

/// <summary>Product and category funnels per hour: against a LINQ recomputation of the sample, and with bounded state.</summary>
public sealed class ProductMetricsTests
{
    [Fact]
    public void Product_hourly_metrics_of_the_sample_equal_a_linq_recomputation()
    {
        var expected = SampleRows.All.Value
            .Where(r => r.Type is "view" or "cart" or "purchase")
            .GroupBy(r => (r.Hour, r.Product))
            .OrderBy(g => g.Key.Hour).ThenBy(g => g.Key.Product)
            .Select(g => (g.Key.Hour, g.Key.Product, SampleRows.Funnel(g)))
            .ToList();

        var run = TestPipeline.Run([InputFile.FromPath(RepoPaths.Rees46Sample)], InputFormat.Rees46, TestPipeline.Options(3));
        var actual = run.Result.ProductHourly.Select(p => (p.WindowStart, p.ProductId, (p.Views, p.Carts, p.Purchases, p.Revenue))).ToList();

        Assert.Equal(expected, actual);
        var product = run.Result.ProductHourly.First(p => p.Carts > 0 && p.Views > 0);
        Assert.Equal((decimal)product.Carts / product.Views, product.ViewToCartRate);
    }

    [Fact]
    public void Category_hourly_metrics_of_the_sample_equal_a_linq_recomputation()
    {
        var expected = SampleRows.All.Value
            .Where(r => r.Type is "view" or "cart" or "purchase")
            .GroupBy(r => (r.Hour, r.Category))
            .OrderBy(g => g.Key.Hour).ThenBy(g => g.Key.Category, StringComparer.Ordinal)
            .Select(g => (g.Key.Hour, g.Key.Category, SampleRows.Funnel(g)))
            .ToList();

        var run = TestPipeline.Run([InputFile.FromPath(RepoPaths.Rees46Sample)], InputFormat.Rees46, TestPipeline.Options(2));
        var actual = run.Result.CategoryHourly.Select(c => (c.WindowStart, c.Category, (c.Views, c.Carts, c.Purchases, c.Revenue))).ToList();

        Assert.Equal(expected, actual);
        Assert.Contains(actual, c => c.Category == ""); // events without a category_code
        Assert.Equal(SampleRows.All.Value.Count(r => r.Type == "view"), actual.Sum(c => c.Item3.Views));
    }

    [Fact]
    public void Product_state_is_freed_once_hours_are_final()
    {
        var metrics = new ProductMetrics(TimeSpan.FromHours(1), TimeSpan.FromHours(2));
        var t0 = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        int maxOpen = 0;
        for (int i = 0; i < 200_000; i++)
        {
            var t = t0.AddSeconds(i * 3); // a week
            metrics.Add(Event(t, product: i % 500, EventType.View, "electronics.audio"));
            if (i % 1000 == 0)
            {
                metrics.Advance(t.Ticks);
                maxOpen = Math.Max(maxOpen, metrics.OpenHours);
            }
        }

        metrics.Flush();
        Assert.InRange(maxOpen, 1, 4); // the current hour and two of lateness (plus one in flight)
        Assert.Equal(0, metrics.OpenHours);
        Assert.Equal(200_000, metrics.Products.Sum(h => h.Counts.Sum(c => (long)c.Views)));
        Assert.All(metrics.Products, h => Assert.Equal(500, h.Length));
        Assert.Equal(metrics.Products.Count, metrics.Categories.Count);
    }

    [Fact]
    public void A_spilled_hour_smaller_than_the_one_before_holds_its_own_products_and_counts_only()
    {
        // With a spill, an hour's rows are built in buffers kept from hour to hour.
        using var temp = new TempFolder();
        var metrics = new ProductMetrics(TimeSpan.FromHours(1), TimeSpan.Zero, new Core.Processing.Spill.ProductHourRuns(temp.Path));
        var t0 = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int product = 0; product < 10; product++)
        {
            metrics.Add(Event(t0.AddMinutes(product), product, EventType.View, "a.b"));
            metrics.Add(Event(t0.AddMinutes(product + 1), product, EventType.View, "a.b"));
        }

        metrics.Advance(t0.AddHours(1.5).Ticks); // the first hour is final and spilled
        metrics.Add(Event(t0.AddHours(1.6), 101, EventType.View, "a.b"));
        metrics.Add(Event(t0.AddHours(1.7), 100, EventType.View, "a.b"));
        metrics.Flush();

        var hours = metrics.FinalHours.Select(h => h.Ids.Take(h.Length).Zip(h.Counts.Take(h.Length).Select(c => c.Views)).ToList()).ToList();
        Assert.Empty(metrics.Products);
        Assert.Equal(2, hours.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(p => ((long)p, 2)), hours[0]);
        Assert.Equal([(100L, 1), (101L, 1)], hours[1]);
    }

    private static ShopEvent Event(DateTime time, long product, EventType type, string? category) => new()
    {
        EventTimeTicks = time.Ticks,
        UserId = 1,
        ProductId = product,
        Type = type,
        CategoryCode = category,
        Price = 2.5m,
        Quantity = 1,
    };
}
