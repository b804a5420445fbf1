namespace ShopStream.Core.Tests;

/// <summary>Watermark = max event time seen minus the allowed disorder; events behind it are late: counted, never lost.</summary>
public sealed class LateEventTests
{
    private static readonly DateTime s_t0 = Rees46Rows.T0;

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5 * 60, 0)]
    [InlineData(5 * 60 + 1, 1)]
    [InlineData(48 * 60 * 60, 1)]
    public void Event_behind_the_watermark_is_late(int behindSeconds, int late)
    {
        var run = TestPipeline.Run(Rees46Rows.Csv(
            Rees46Rows.Row(s_t0.AddDays(3), user: 2),
            Rees46Rows.Row(s_t0.AddDays(3).AddSeconds(-behindSeconds), user: 1)));

        Assert.Equal(late, run.Summary.LateEvents);
    }

    [Fact]
    public void Late_event_still_counts_in_profiles_and_sessions()
    {
        var run = TestPipeline.Run(Rees46Rows.Csv(
            Rees46Rows.Row(s_t0.AddHours(2), user: 2),
            Rees46Rows.Row(s_t0, "purchase", user: 1, price: "12.34")));

        Assert.Equal(1, run.Summary.LateEvents);
        Assert.Equal(2, run.Summary.EventsAccepted);
        Assert.Equal(2, run.Summary.Users);
        var late = run.Result.Profiles.Single(p => p.UserId == 1);
        Assert.Equal((1, 1, 12.34m, 1), (late.Events, late.Purchases, late.Revenue, late.Sessions));
        Assert.Equal(12.34m, run.Summary.Revenue);
        Assert.Equal(1, run.Summary.SessionsWithPurchase);
    }

    [Fact]
    public void Allowed_disorder_is_configurable()
    {
        string csv = Rees46Rows.Csv(Rees46Rows.Row(s_t0.AddHours(1), user: 2), Rees46Rows.Row(s_t0, user: 1));

        var strict = TestPipeline.Run(csv);
        var relaxed = TestPipeline.Run(csv, options: TestPipeline.Options() with { AllowedDisorder = TimeSpan.FromHours(1) });

        Assert.Equal(1, strict.Summary.LateEvents);
        Assert.Equal(0, relaxed.Summary.LateEvents);
    }
}
