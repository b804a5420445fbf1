using ShopStream.Core.Processing.Analytics;
using ShopStream.Testing;

namespace ShopStream.Core.Tests.Analytics;

/// <summary>Per-minute traffic and revenue against a robust baseline (median and MAD of the previous hour).</summary>
public sealed class AnomalyTests
{
    private static readonly DateTime s_ten = new(2019, 10, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Injected_traffic_spike_raises_one_alert_and_the_steady_stream_none()
    {
        var driver = new StreamDriver();
        for (int minute = 0; minute < 100; minute++)
            PipeMinute(driver, minute, minute == 90 ? 200 : 20 + minute % 5); // 20..24 a minute, then a spike

        var run = driver.Run();

        var alert = Assert.Single(run.Alerts);
        Assert.Equal(new Alert(AlertTypes.Traffic, "", s_ten.AddMinutes(90), s_ten.AddMinutes(91), 200, 22), alert);
    }

    [Fact]
    public void Injected_revenue_spike_raises_a_revenue_alert()
    {
        var driver = new StreamDriver();
        for (int minute = 0; minute < 70; minute++)
        {
            PipeMinute(driver, minute, 20 + minute % 3);
            // one purchase a minute, each by its own buyer of its own product (no price or fraud alerts)
            driver.Pipe(s_ten.AddMinutes(minute).AddSeconds(59), "purchase", user: 900_000 + minute, product: 900_000 + minute, price: minute == 65 ? 900m : 10m + minute % 4);
        }

        var run = driver.Run();

        var alert = Assert.Single(run.Alerts);
        Assert.Equal((AlertTypes.Revenue, s_ten.AddMinutes(65), 900m), (alert.Type, alert.WindowStart, alert.Observed));
        Assert.Equal(11.5m, alert.Expected); // median of 10, 11, 12, 13, ...
    }

    [Fact]
    public void A_spike_is_not_judged_before_the_baseline_is_long_enough()
    {
        var driver = new StreamDriver();
        for (int minute = 0; minute < 40; minute++)
            PipeMinute(driver, minute, minute == 10 ? 200 : 20 + minute % 5);

        Assert.Empty(driver.Run().Alerts);
    }

    // count views in one minute, each by a different user (so sessions and profiles stay out of the way)
    private static void PipeMinute(StreamDriver driver, int minute, int count)
    {
        for (int k = 0; k < count; k++)
            driver.Pipe(s_ten.AddMinutes(minute).AddSeconds(k * 50 / count), user: 1000 + minute * 1000 + k, product: k % 7 + 1);
    }
}
