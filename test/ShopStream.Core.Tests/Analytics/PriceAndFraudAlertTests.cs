using ShopStream.Core.Processing.Analytics;
using ShopStream.Testing;

namespace ShopStream.Core.Tests.Analytics;

/// <summary>Price change alerts (arrival order, across users) and fraud signals from orders (per user, by event time).</summary>
public sealed class PriceAndFraudAlertTests
{
    private static readonly DateTime s_ten = new(2019, 10, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_price_that_doubles_or_halves_raises_a_price_change_alert()
    {
        var run = new StreamDriver()
            .Pipe(s_ten, user: 1, product: 7, price: 10m)
            .Pipe(s_ten.AddMinutes(1), user: 2, product: 7, price: 12m)   // +20%: no alert
            .Pipe(s_ten.AddMinutes(2), user: 3, product: 7, price: 24m)   // twice 12
            .Pipe(s_ten.AddMinutes(3), user: 4, product: 7, price: 0m)    // no price: skipped
            .Pipe(s_ten.AddMinutes(4), user: 5, product: 7, price: 12m)   // half of 24
            .Pipe(s_ten.AddMinutes(5), user: 6, product: 8, price: 100m)  // another product's first price
            .Run();

        Assert.Equal(
            [
                new Alert(AlertTypes.PriceChange, "7", s_ten.AddMinutes(2), s_ten.AddMinutes(2), 24m, 12m),
                new Alert(AlertTypes.PriceChange, "7", s_ten.AddMinutes(4), s_ten.AddMinutes(4), 12m, 24m),
            ],
            run.Alerts);
    }

    [Fact]
    public void Ten_orders_from_one_user_within_ten_minutes_raise_one_burst_alert()
    {
        var driver = new StreamDriver();
        for (int i = 0; i < 12; i++)
            driver.Pipe(s_ten.AddSeconds(i * 50), "purchase", user: 5, product: 100 + i, price: 20m); // 12 orders in 9 min 10 s
        for (int i = 0; i < 10; i++)
            driver.Pipe(s_ten.AddMinutes(i * 2), "purchase", user: 6, product: 100 + i, price: 20m); // 10 orders in 18 min
        for (int i = 0; i < 9; i++)
            driver.Pipe(s_ten.AddMinutes(i), "purchase", user: 8, product: 100 + i, price: 20m);     // 9 orders

        var run = driver.Run();

        var alert = Assert.Single(run.AlertsOf(AlertTypes.PurchaseBurst));
        Assert.Equal(new Alert(AlertTypes.PurchaseBurst, "5", s_ten, s_ten.AddSeconds(450), 10, 10), alert);
    }

    [Fact]
    public void An_order_ten_times_the_users_mean_raises_an_order_value_alert()
    {
        var driver = new StreamDriver()
            .Pipe(s_ten, "purchase", user: 9, product: 1, price: 10m)
            .Pipe(s_ten.AddHours(1), "purchase", user: 9, product: 2, price: 12m)
            .Pipe(s_ten.AddHours(2), "purchase", user: 9, product: 3, price: 8m)
            .Pipe(s_ten.AddHours(3), "purchase", user: 9, product: 4, price: 150m)  // mean so far 10
            .Pipe(s_ten.AddHours(4), "purchase", user: 9, product: 5, price: 400m)  // mean so far 45
            .Pipe(s_ten, "purchase", user: 10, product: 1, price: 10m)
            .Pipe(s_ten.AddHours(1), "purchase", user: 10, product: 2, price: 10m)
            .Pipe(s_ten.AddHours(2), "purchase", user: 10, product: 3, price: 500m); // only two orders before

        var run = driver.Run();

        var alert = Assert.Single(run.AlertsOf(AlertTypes.OrderValue));
        Assert.Equal(new Alert(AlertTypes.OrderValue, "9", s_ten.AddHours(3), s_ten.AddHours(3), 150m, 10m), alert);
    }

    [Fact]
    public void Order_value_history_is_read_in_event_time_not_arrival_order()
    {
        var driver = new StreamDriver()
            .Pipe(s_ten.AddHours(3), "purchase", user: 9, product: 4, price: 150m) // arrives first, happened last
            .Pipe(s_ten, "purchase", user: 9, product: 1, price: 10m)
            .Pipe(s_ten.AddHours(1), "purchase", user: 9, product: 2, price: 12m)
            .Pipe(s_ten.AddHours(2), "purchase", user: 9, product: 3, price: 8m);

        var run = driver.Run();

        Assert.Equal(150m, Assert.Single(run.AlertsOf(AlertTypes.OrderValue)).Observed);
    }
}
