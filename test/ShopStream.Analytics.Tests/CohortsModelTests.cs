using ShopStream.Analytics.Jobs;

namespace ShopStream.Analytics.Tests;

public sealed class CohortsModelTests
{
    [Fact]
    public void Cohorts_of_hand_made_orders_have_the_known_sizes_retention_and_revenue_per_month()
    {
        using var lake = GoldLake.FromText(HandMadeData.MonthlyOrders);
        lake.Run(new GoldRunOptions { Select = ["cohorts"], RetryDelay = TimeSpan.Zero });
        var rows = lake.Query("SELECT cohort_month, months_since, cohort_size, active_customers, retention_rate, revenue, cumulative_revenue FROM gold_cohorts ORDER BY ALL")
            .Select(r => string.Join(",", r)).ToList();
        Assert.Equal(
        [
            // January: customers 201 and 202; 201 comes back in February and April
            "2011-01-01,0,2,2,1.0000,16.00,16.00",
            "2011-01-01,1,2,1,0.5000,20.00,36.00",
            "2011-01-01,2,2,0,0.0000,0.00,36.00",
            "2011-01-01,3,2,1,0.5000,5.00,41.00",
            // February: customer 203, back in March
            "2011-02-01,0,1,1,1.0000,7.00,7.00",
            "2011-02-01,1,1,1,1.0000,8.00,15.00",
            "2011-02-01,2,1,0,0.0000,0.00,15.00",
        ], rows);
    }
}
