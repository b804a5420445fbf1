using ShopStream.Core.Ingest;
using ShopStream.Testing;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Analytics;

/// <summary>Cart abandonment (sessions with a cart and no purchase), in the summary and per hour of session start.</summary>
public sealed class CartAbandonmentTests
{
    private static readonly DateTime s_ten = new(2019, 10, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Cart_abandonment_of_the_sample_equals_a_recomputation_from_reference_sessions()
    {
        var (_, sessions) = ReferenceModel.Compute(File.ReadAllLines(RepoPaths.Rees46Sample));
        var expectedByHour = sessions
            .GroupBy(s => new DateTime(s.SessionStart.Year, s.SessionStart.Month, s.SessionStart.Day, s.SessionStart.Hour, 0, 0, DateTimeKind.Utc))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, (long)g.Count(), (long)g.Count(s => s.Carts > 0), (long)g.Count(s => s.Carts > 0 && s.Purchases == 0)))
            .ToList();

        var run = TestPipeline.Run([InputFile.FromPath(RepoPaths.Rees46Sample)], InputFormat.Rees46, TestPipeline.Options(3));

        Assert.Equal(sessions.Count(s => s.Carts > 0), run.Summary.SessionsWithCart);
        Assert.Equal(sessions.Count(s => s.Carts > 0 && s.Purchases == 0), run.Summary.AbandonedSessions);
        Assert.Equal(
            expectedByHour,
            run.Result.CartAbandonment.Select(h => (h.WindowStart, h.Sessions, h.CartSessions, h.AbandonedSessions)));
        var json = TestPipeline.SummaryJsonOf(run.Summary);
        Assert.Equal(Math.Round((decimal)run.Summary.AbandonedSessions / run.Summary.SessionsWithCart, 4), json.GetProperty("cart_abandonment_rate").GetDecimal());
    }

    [Fact]
    public void A_session_with_a_cart_and_no_purchase_is_abandoned_in_the_hour_it_started()
    {
        var run = new StreamDriver()
            .Pipe(s_ten.AddMinutes(50), "view", user: 1)
            .Pipe(s_ten.AddMinutes(70), "cart", user: 1) // same session, which started at 10:50
            .Pipe(s_ten.AddMinutes(55), "cart", user: 2)
            .Pipe(s_ten.AddMinutes(56), "purchase", user: 2)
            .Pipe(s_ten.AddMinutes(57), "view", user: 3)
            .Run();

        Assert.Equal((2L, 1L, 0.5m), (run.Summary.SessionsWithCart, run.Summary.AbandonedSessions, run.Summary.CartAbandonmentRate));
        var hour = Assert.Single(run.CartAbandonment);
        Assert.Equal((s_ten, 3L, 2L, 1L, 0.5m), (hour.WindowStart, hour.Sessions, hour.CartSessions, hour.AbandonedSessions, hour.AbandonmentRate));
    }
}
