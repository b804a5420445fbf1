using ShopStream.Core.Serving;

namespace ShopStream.Core.Tests.Serving;

/// <summary>min_revenue is one rule in every store: the revenue as shown, in cents, against the minimum.</summary>
public sealed class ProfileQueryTests
{
    [Theory]
    [InlineData("3.015", "3.02", true)] // shown as 3.02
    [InlineData("3.0149", "3.02", false)]
    [InlineData("0.0001", "0.0001", false)] // shown as 0.00
    [InlineData("-0.004", "0", true)] // shown as 0.00
    [InlineData("-0.005", "0", false)] // shown as -0.01
    public void Revenue_passes_as_it_is_shown(string revenue, string min, bool passes)
    {
        var query = new ProfileQuery { MinRevenue = decimal.Parse(min, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(passes, query.PassesMinRevenue(decimal.Parse(revenue, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void The_exact_bound_for_sql_stores_agrees_with_the_rule_on_every_revenue_near_the_boundaries()
    {
        decimal[] minimums = [0m, 0.0001m, 0.005m, 0.01m, 0.0149m, 3.02m, 3.0201m, 250.5m];
        foreach (decimal min in minimums)
        {
            var query = new ProfileQuery { MinRevenue = min };
            var (bound, inclusive) = query.ExactRevenueBound!.Value;
            for (decimal revenue = min - 0.03m; revenue <= min + 0.03m; revenue += 0.0001m)
                Assert.True(query.PassesMinRevenue(revenue) == (inclusive ? revenue >= bound : revenue > bound), $"min {min}, revenue {revenue}");
        }

        Assert.Null(new ProfileQuery().ExactRevenueBound);
    }
}
