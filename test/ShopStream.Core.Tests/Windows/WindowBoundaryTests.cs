using ShopStream.Testing;

namespace ShopStream.Core.Tests.Windows;

/// <summary>Tumbling and hopping windows over the real pipeline: boundaries, overlap, distinct users.</summary>
public sealed class WindowBoundaryTests
{
    private static readonly DateTime s_ten = new(2019, 10, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Event_exactly_at_a_window_end_belongs_to_the_next_window()
    {
        var run = new StreamDriver()
            .Pipe(s_ten).Pipe(s_ten.AddMinutes(59).AddSeconds(59)).Pipe(s_ten.AddHours(1))
            .Run();

        Assert.Equal(2, run.HourAt(s_ten).Events);
        Assert.Equal(1, run.HourAt(s_ten.AddHours(1)).Events);
        Assert.Equal([1, 1, 1], run.Minutes.Select(m => m.Events));
    }

    [Fact]
    public void Hourly_metrics_count_types_revenue_and_distinct_users()
    {
        var run = new StreamDriver()
            .Pipe(s_ten.AddMinutes(1), "view", user: 1)
            .Pipe(s_ten.AddMinutes(2), "view", user: 2)
            .Pipe(s_ten.AddMinutes(3), "cart", user: 2)
            .Pipe(s_ten.AddMinutes(4), "remove_from_cart", user: 2)
            .Pipe(s_ten.AddMinutes(5), "purchase", user: 2, price: 19.99m)
            .Pipe(s_ten.AddMinutes(6), "view", user: 1, product: 2)
            .Run();

        var hour = Assert.Single(run.Hours);
        Assert.Equal((6L, 3L, 1L, 1L, 1L, 19.99m, 2L), (hour.Events, hour.Views, hour.Carts, hour.Removes, hour.Purchases, hour.Revenue, hour.Users));
        Assert.Equal(1m / 3, hour.ViewToCartRate);
        Assert.Equal(1m, hour.CartToPurchaseRate);
        Assert.Equal(s_ten.AddHours(1), hour.WindowEnd);
    }

    [Fact]
    public void Hopping_windows_overlap_so_one_event_is_in_every_window_covering_it()
    {
        var run = new StreamDriver().Pipe(s_ten.AddMinutes(7)).Run();

        // A one-hour window every five minutes: the windows starting 09:10 ... 10:05 all cover 10:07.
        Assert.Equal(12, run.Rolling.Count);
        Assert.Equal(s_ten.AddMinutes(-50), run.Rolling[0].WindowStart);
        Assert.Equal(s_ten.AddMinutes(5), run.Rolling[^1].WindowStart);
        Assert.All(run.Rolling, w => Assert.Equal(1, w.Events));
    }

    [Fact]
    public void Rolling_windows_count_a_user_once_across_their_panes()
    {
        var run = new StreamDriver()
            .Pipe(s_ten.AddMinutes(1), user: 1).Pipe(s_ten.AddMinutes(31), user: 1, product: 2).Pipe(s_ten.AddMinutes(32), user: 2)
            .Run();

        var window = run.Rolling.Single(w => w.WindowStart == s_ten);
        Assert.Equal((3L, 2L), (window.Events, window.Users));
    }

    [Fact]
    public void Duplicates_are_not_counted_in_windows()
    {
        var run = new StreamDriver().Pipe(s_ten).Pipe(s_ten).Run();

        Assert.Equal(1, run.Summary.DuplicatesDropped);
        Assert.Equal(1, Assert.Single(run.Hours).Events);
    }
}
