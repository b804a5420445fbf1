using ShopStream.Analytics.Jobs;

namespace ShopStream.Analytics.Tests;

public sealed class FeatureModelsTests
{
    [Fact]
    public void Ml_features_of_hand_made_clicks_have_the_known_counts_rfm_values_and_affinities()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var run = lake.Run(new GoldRunOptions { Select = ["+ml_features"], RetryDelay = TimeSpan.Zero });
        Assert.All(run.Models, m => Assert.Equal(ModelStatus.Succeeded, m.Status));
        var rows = lake.Query("""
            SELECT customer_id, recency_days, frequency, monetary, events, views, carts, purchases, revenue, sessions,
                days_since_last_seen, top_category, top_category_share, top_brand, top_brand_share, distinct_categories, distinct_brands
            FROM gold_ml_features ORDER BY customer_id
            """).Select(r => string.Join(",", r.Select(v => v ?? "null"))).ToList();
        Assert.Equal(
        [
            // user 1: 4 events, all smartphones; apple 3 of 4; bought on both days
            "1,1,2,120.00,4,1,1,2,120.00,2,0,electronics.smartphone,1.0000,apple,0.7500,1,2",
            // user 2: two views a day before the data's end; no purchase, so no RFM
            "2,null,null,null,2,2,0,0,0.00,2,1,appliances.kitchen,1.0000,bosch,1.0000,1,1",
            // user 3: 3 events, 2 of them smartphones (the third has no category or brand)
            "3,1,2,105.00,3,1,0,2,105.00,1,0,electronics.smartphone,0.6667,apple,0.6667,1,1",
        ], rows);
    }

    [Fact]
    public void Average_session_minutes_are_exact_and_rounded_half_away_from_zero()
    {
        // User 9: sessions of 50 s and 19 s, 34.5 s on average, 0.575 min (a DOUBLE holds 0.57499..., which gave 0.57).
        // User 8: sessions of 0 s and 87 s, 0.725 min. User 7: one session of 0 s.
        const string View = ",view,100,1,electronics.smartphone,apple,100.00,";
        string clicks = HandMadeData.Rees46Header
            + "2019-10-01 10:00:00 UTC" + View + "9,a1\n"
            + "2019-10-01 10:00:00 UTC" + View + "8,b1\n"
            + "2019-10-01 10:00:00 UTC" + View + "7,c1\n"
            + "2019-10-01 10:00:50 UTC" + View + "9,a1\n"
            + "2019-10-01 12:00:00 UTC" + View + "9,a2\n"
            + "2019-10-01 12:00:00 UTC" + View + "8,b2\n"
            + "2019-10-01 12:00:19 UTC" + View + "9,a2\n"
            + "2019-10-01 12:01:27 UTC" + View + "8,b2\n";
        using var lake = GoldLake.FromText(clicks);
        lake.Run(new GoldRunOptions { Select = ["+ml_features"], RetryDelay = TimeSpan.Zero });
        var rows = lake.Query("SELECT customer_id, sessions, avg_session_minutes FROM gold_ml_features ORDER BY customer_id").Select(r => string.Join(",", r)).ToList();
        Assert.Equal(["7,1,0.00", "8,2,0.73", "9,2,0.58"], rows);
    }

    [Fact]
    public void Customer_products_rate_purchases_5_carts_3_views_1_and_weigh_confidence()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        lake.Run(new GoldRunOptions { Select = ["customer_products"], RetryDelay = TimeSpan.Zero });
        var rows = lake.Query("SELECT customer_id, product_id, views, carts, purchases, rating, confidence FROM gold_customer_products ORDER BY ALL")
            .Select(r => string.Join(",", r)).ToList();
        Assert.Equal(["1,100,1,1,1,5,9", "1,101,0,0,1,5,5", "2,200,2,0,0,1,2", "3,100,1,0,1,5,6", "3,300,0,0,1,5,5"], rows);
    }
}
