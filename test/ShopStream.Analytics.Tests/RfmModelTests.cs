using System.Globalization;
using ShopStream.Analytics.Jobs;
using ShopStream.Tests;

namespace ShopStream.Analytics.Tests;

public sealed class RfmModelTests
{
    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

    // Reference date 2011-12-10 (the latest customer line is 2011-12-09; the anonymous line on 2011-12-20 does not count).
    private const string HandMade = Header
        + "A1,10001,A,2,2011-12-09 10:00:00,10.00,101.0,United Kingdom\n"
        + "A2,10002,B,1,2011-12-01 10:00:00,5.00,101.0,United Kingdom\n"
        + "A3,10003,C,1,2011-11-01 10:00:00,5.00,101.0,United Kingdom\n"
        + "C9,10001,A,-2,2011-12-09 11:00:00,10.00,101.0,United Kingdom\n"
        + "B1,10004,D,10,2011-12-08 10:00:00,1.50,102.0,France\n"
        + "Z1,10005,E,1,2011-12-08 10:00:00,0.00,102.0,France\n"
        + "D1,10006,F,100,2011-10-01 10:00:00,2.00,103.0,Germany\n"
        + "D2,10007,G,1,2011-10-15 10:00:00,1.00,103.0,Germany\n"
        + "E1,10008,H,1,2011-06-01 10:00:00,3.00,104.0,Spain\n"
        + "F1,10009,I,4,2011-12-05 10:00:00,2.50,105.0,United Kingdom\n"
        + "F2,10010,J,1,2011-12-06 10:00:00,2.00,105.0,United Kingdom\n"
        + "F3,10011,K,1,2011-12-07 10:00:00,1.00,105.0,United Kingdom\n"
        + "F4,10012,L,1,2011-12-07 12:00:00,1.00,105.0,United Kingdom\n"
        + "X1,10013,M,1,2011-12-20 10:00:00,1000.00,nan,United Kingdom\n";

    [Fact]
    public void Rfm_of_hand_made_orders_has_the_known_recency_frequency_monetary_scores_and_segments()
    {
        using var lake = GoldLake.FromText(HandMade);
        var run = lake.Run(new GoldRunOptions { Select = ["rfm"], RetryDelay = TimeSpan.Zero });
        Assert.Equal(ModelStatus.Succeeded, Assert.Single(run.Models).Status);
        var rows = lake.Query("SELECT customer_id, recency_days, frequency, monetary, r_score, f_score, m_score, segment FROM gold_rfm ORDER BY customer_id")
            .Select(r => string.Join(",", r)).ToList();
        Assert.Equal(
        [
            "101,1,3,30.00,5,4,4,champions",
            "102,2,1,15.00,4,1,3,new",
            "103,56,2,201.00,2,3,5,at_risk",
            "104,192,1,3.00,1,2,1,hibernating",
            "105,3,4,14.00,3,5,2,loyal",
        ], rows);
    }

    [Fact]
    public void Rfm_of_the_15k_online_retail_sample_equals_an_independent_recomputation_in_csharp()
    {
        var expected = RfmReference.FromOrdersCsv(RepoPaths.OrdersSample);
        using var lake = new GoldLake(RepoPaths.OrdersSample);
        lake.Run(new GoldRunOptions { Select = ["rfm"], RetryDelay = TimeSpan.Zero });
        var actual = lake.Query("SELECT customer_id, recency_days, frequency, monetary, r_score, f_score, m_score, segment FROM gold_rfm ORDER BY customer_id")
            .Select(r => new RfmReference.Row(
                long.Parse(r[0]!, CultureInfo.InvariantCulture), long.Parse(r[1]!, CultureInfo.InvariantCulture), long.Parse(r[2]!, CultureInfo.InvariantCulture),
                decimal.Parse(r[3]!, CultureInfo.InvariantCulture), int.Parse(r[4]!, CultureInfo.InvariantCulture), int.Parse(r[5]!, CultureInfo.InvariantCulture),
                int.Parse(r[6]!, CultureInfo.InvariantCulture), r[7]!))
            .ToList();
        Assert.True(expected.Count > 1000, $"only {expected.Count} customers in the reference");
        Assert.Equal(expected.Count, actual.Count);
        var different = expected.Zip(actual).Where(p => p.First != p.Second).Take(5).Select(p => $"expected {p.First}, got {p.Second}").ToList();
        Assert.True(different.Count == 0, string.Join("\n", different));
        Assert.Equal(7, actual.Select(r => r.Segment).Distinct().Count());
    }

    [Fact]
    public void Rfm_of_the_rees46_sample_counts_each_purchase_as_an_order_of_the_48_purchasing_users()
    {
        using var lake = new GoldLake(RepoPaths.Rees46Sample);
        lake.Run(new GoldRunOptions { Select = ["rfm"], RetryDelay = TimeSpan.Zero });
        Assert.Equal(48L, lake.Count("SELECT count(*) FROM gold_rfm"));
        Assert.Equal("14786.59", lake.Query("SELECT sum(monetary) FROM gold_rfm")[0][0]);
        Assert.Equal(
            lake.Count("SELECT count(*) FROM silver_events WHERE event_type = 'purchase' AND price > 0"),
            lake.Count("SELECT CAST(sum(frequency) AS BIGINT) FROM gold_rfm"));
    }

    [Fact]
    public void A_customer_whose_own_id_lies_in_the_anonymous_buyers_range_is_scored_and_the_anonymous_buyer_is_not()
    {
        // 2^61 + 5: a source's own numeric id (a hashed 63-bit id falls in [2^61, 2^62) one time in four). The range
        // alone made every such customer anonymous: RFM left them out.
        using var lake = GoldLake.FromText(Header
            + "A1,10001,A,2,2011-12-09 10:00:00,10.00,2305843009213693957,United Kingdom\n"
            + "A2,10002,B,1,2011-12-01 10:00:00,5.00,101.0,United Kingdom\n"
            + "X1,10013,M,1,2011-12-08 10:00:00,1000.00,,United Kingdom\n");
        lake.Run(new GoldRunOptions { Select = ["rfm"], RetryDelay = TimeSpan.Zero });

        Assert.Equal(["101", "2305843009213693957"], lake.Query("SELECT customer_id FROM gold_rfm ORDER BY customer_id").Select(r => r[0]));
    }

    [Fact]
    public void The_model_recomputes_every_anonymous_id_as_the_parser_makes_it()
    {
        // Invoices whose MD5s have the high bit of byte 15 set and clear (536367 and 536365): a signed md5_number would
        // give a negative remainder for half of them. And a thousand more, and odd text.
        string[] invoices = [.. new[] { "536365", "536367", "C536379", "A563185", "ünïcode", "" }.Concat(Enumerable.Range(540_000, 1000).Select(i => i.ToString(CultureInfo.InvariantCulture)))];
        using var lake = GoldLake.FromText(HandMade);
        string list = string.Join(", ", invoices.Select(i => "'" + i + "'"));

        var sql = lake.Query($"SELECT k, 2305843009213693952 + CAST(md5_number('anonymous:' || k) % 2305843009213693952 AS BIGINT) FROM unnest([{list}]) t(k)")
            .ToDictionary(r => r[0]!, r => r[1]);

        Assert.Equal(invoices.Length, sql.Count);
        Assert.All(invoices, i => Assert.Equal(ShopStream.Core.Events.StableId.Anonymous(System.Text.Encoding.UTF8.GetBytes(i)).ToString(CultureInfo.InvariantCulture), sql[i]));
    }

    [Fact]
    public void Customers_known_by_string_ids_are_scored()
    {
        // Mapped into [2^62, 2^63), which anonymous buyers shared: v1 left alice and bob out as anonymous.
        string Purchase(string user, int day, string product) =>
            $$"""{"event_time":"2019-10-0{{day}}T10:00:00Z","event_type":"purchase","user_id":{{user}},"product_id":{{product}},"price":10.5,"quantity":1,"event_id":"e-{{user.Trim('"')}}-{{day}}-{{product}}"}""";
        using var lake = GoldLake.FromText(string.Join("\n", Purchase("\"alice\"", 1, "3"), Purchase("\"alice\"", 2, "4"), Purchase("\"bob\"", 2, "3"), Purchase("42", 3, "5")) + "\n");

        lake.Run(new GoldRunOptions { Select = ["rfm"], RetryDelay = TimeSpan.Zero });
        var rows = lake.Query("SELECT frequency, CAST(monetary AS VARCHAR) FROM gold_rfm ORDER BY frequency DESC, customer_id").Select(r => string.Join(",", r)).ToList();

        Assert.Equal(3, rows.Count);
        Assert.Equal("2,21.00", rows[0]); // alice: two orders
    }
}
