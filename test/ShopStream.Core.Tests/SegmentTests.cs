using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Core.Tests;

/// <summary>SPEC's segments: the first rule that matches wins, thresholds from <see cref="SegmentRules"/>.</summary>
public sealed class SegmentTests
{
    private static readonly DateTime s_t0 = Rees46Rows.T0;

    [Theory]
    [InlineData(1000, 1, 1, 5, CustomerSegment.HighValue)]
    [InlineData(5000, 3, 0, 0, CustomerSegment.HighValue)]
    [InlineData(999.99, 9, 9, 99, CustomerSegment.Converting)]
    [InlineData(999.995, 1, 0, 0, CustomerSegment.Converting)] // printed as 1000.00: the threshold is on the exact sum
    [InlineData(0, 1, 1, 5, CustomerSegment.Converting)]
    [InlineData(0, 0, 1, 5, CustomerSegment.Interested)]
    [InlineData(0, 0, 0, 5, CustomerSegment.ActiveBrowser)]
    [InlineData(0, 0, 0, 4, CustomerSegment.Casual)]
    [InlineData(0, 0, 0, 0, CustomerSegment.Casual)]
    public void First_matching_rule_wins(decimal revenue, int purchases, int carts, int views, CustomerSegment expected)
    {
        Assert.Equal(expected, SegmentRules.Default.Classify(revenue, purchases, carts, views));
    }

    [Fact]
    public void Thresholds_are_configurable()
    {
        var rules = new SegmentRules { HighValueRevenue = 50m, ConvertingPurchases = 2, InterestedCarts = 3, ActiveBrowserViews = 10 };

        Assert.Equal(CustomerSegment.HighValue, rules.Classify(50m, 1, 0, 0));
        Assert.Equal(CustomerSegment.Casual, rules.Classify(49.99m, 1, 2, 9));
        Assert.Equal(CustomerSegment.Converting, rules.Classify(0, 2, 0, 0));
        Assert.Equal(CustomerSegment.Interested, rules.Classify(0, 1, 3, 0));
        Assert.Equal(CustomerSegment.ActiveBrowser, rules.Classify(0, 1, 2, 10));
    }

    [Theory]
    [InlineData(CustomerSegment.HighValue, "high_value")]
    [InlineData(CustomerSegment.Converting, "converting")]
    [InlineData(CustomerSegment.Interested, "interested")]
    [InlineData(CustomerSegment.ActiveBrowser, "active_browser")]
    [InlineData(CustomerSegment.Casual, "casual")]
    public void Segment_names_are_specs(CustomerSegment segment, string name)
    {
        Assert.Equal(name, SegmentRules.Name(segment));
    }

    // Users 1..5 each qualify for their own segment and every one below it.
    private static string FiveUsers() => Rees46Rows.Csv(
    [
        Rees46Rows.Row(s_t0, "purchase", user: 1, price: "600.00"),
        Rees46Rows.Row(s_t0.AddSeconds(1), "purchase", product: 2, user: 1, price: "400.00"),
        Rees46Rows.Row(s_t0.AddSeconds(2), "cart", user: 1),
        .. Enumerable.Range(0, 6).Select(i => Rees46Rows.Row(s_t0.AddMinutes(i), product: 10 + i, user: 1)),
        Rees46Rows.Row(s_t0, "purchase", user: 2, price: "999.99"),
        Rees46Rows.Row(s_t0, "cart", user: 2),
        .. Enumerable.Range(0, 6).Select(i => Rees46Rows.Row(s_t0.AddMinutes(i), product: 10 + i, user: 2)),
        Rees46Rows.Row(s_t0, "cart", user: 3),
        .. Enumerable.Range(0, 6).Select(i => Rees46Rows.Row(s_t0.AddMinutes(i), product: 10 + i, user: 3)),
        .. Enumerable.Range(0, 5).Select(i => Rees46Rows.Row(s_t0.AddMinutes(i), product: 10 + i, user: 4)),
        .. Enumerable.Range(0, 4).Select(i => Rees46Rows.Row(s_t0.AddMinutes(i), product: 10 + i, user: 5)),
    ]);

    [Fact]
    public void Pipeline_assigns_each_user_the_first_matching_segment()
    {
        var run = TestPipeline.Run(FiveUsers());

        Assert.Equal(
            [CustomerSegment.HighValue, CustomerSegment.Converting, CustomerSegment.Interested, CustomerSegment.ActiveBrowser, CustomerSegment.Casual],
            run.Profiles.Select(p => p.Segment));
        Assert.Equal(1000.00m, run.Profiles[0].Revenue);
        Assert.All(run.Summary.Segments, s => Assert.Equal(1, s.Value));
        Assert.Equal(["high_value", "converting", "interested", "active_browser", "casual"], run.Summary.Segments.Select(s => s.Key));
    }

    [Fact]
    public void Pipeline_uses_the_configured_thresholds()
    {
        var options = TestPipeline.Options() with { Segments = new SegmentRules { HighValueRevenue = 500m, ActiveBrowserViews = 4 } };

        var run = TestPipeline.Run(FiveUsers(), options: options);

        Assert.Equal(
            [CustomerSegment.HighValue, CustomerSegment.HighValue, CustomerSegment.Interested, CustomerSegment.ActiveBrowser, CustomerSegment.ActiveBrowser],
            run.Profiles.Select(p => p.Segment));
    }

    [Fact]
    public void Segment_names_parse_back_and_other_names_do_not()
    {
        Assert.All(SegmentRules.All, segment => Assert.Equal(segment, SegmentRules.Parse(SegmentRules.Name(segment))));
        Assert.Null(SegmentRules.Parse("High_Value"));
        Assert.Null(SegmentRules.Parse(""));
        Assert.Null(SegmentRules.Parse(null));
    }
}
