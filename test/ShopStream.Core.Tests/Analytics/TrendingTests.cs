using ShopStream.Core.Ingest;
using ShopStream.Core.Processing.Analytics;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Analytics;

/// <summary>Trending products per hour against a LINQ recomputation of the sample.</summary>
public sealed class TrendingTests
{
    [Theory]
    [InlineData(10, 20)] // the defaults
    [InlineData(3, 5)]
    [InlineData(50, 1)]
    public void Trending_products_of_the_sample_equal_a_linq_recomputation(int top, long minViews)
    {
        var views = SampleRows.All.Value
            .Where(r => r.Type == "view")
            .GroupBy(r => (r.Hour, r.Product))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var hoursWithData = SampleRows.All.Value.Where(r => r.Type is "view" or "cart" or "purchase").Select(r => r.Hour).ToHashSet();
        var expected = views
            .Where(v => v.Value >= minViews && hoursWithData.Contains(v.Key.Hour.AddHours(-1)))
            .Select(v => (v.Key.Hour, v.Key.Product, Views: v.Value, Previous: views.GetValueOrDefault((v.Key.Hour.AddHours(-1), v.Key.Product))))
            .Where(v => v.Views > v.Previous)
            .Select(v => (v.Hour, v.Product, v.Views, v.Previous, Growth: (decimal)(v.Views - v.Previous) / Math.Max(v.Previous, 1)))
            .GroupBy(v => v.Hour)
            .OrderBy(g => g.Key)
            .SelectMany(g => g.OrderByDescending(v => v.Growth).ThenByDescending(v => v.Views).ThenBy(v => v.Product).Take(top)
                .Select((v, i) => new TrendingProduct(v.Hour, i + 1, v.Product, v.Views, v.Previous, v.Growth)))
            .ToList();

        var options = TestPipeline.Options(2) with { Trending = new TrendingRules { Top = top, MinViews = minViews } };
        var run = TestPipeline.Run([InputFile.FromPath(RepoPaths.Rees46Sample)], InputFormat.Rees46, options);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, run.Result.TrendingProducts);
    }

    [Fact]
    public void The_first_hour_has_nothing_to_grow_from()
    {
        var options = TestPipeline.Options() with { Trending = new TrendingRules { MinViews = 1 } };
        var run = TestPipeline.Run([InputFile.FromPath(RepoPaths.Rees46Sample)], InputFormat.Rees46, options);

        var first = run.Result.ProductHourly.First().WindowStart;
        Assert.DoesNotContain(run.Result.TrendingProducts, t => t.WindowStart == first);
    }
}
