using ShopStream.Analytics.Jobs;
using ShopStream.Lake.Tests.Runs;

namespace ShopStream.Analytics.Tests;

public sealed class CustomersScd2Tests
{
    private static readonly GoldRunOptions s_scd2 = new() { Select = ["+customers_scd2"], RetryDelay = TimeSpan.Zero, Incremental = false };

    [Fact]
    public void Running_again_on_the_same_data_changes_nothing_and_commits_nothing()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var first = lake.Run(s_scd2);
        var before = lake.Query("SELECT * FROM gold_customers_scd2 ORDER BY ALL").Select(r => string.Join(",", r)).ToList();
        lake.Clock.Advance(TimeSpan.FromDays(1));
        var second = lake.Run(s_scd2);

        var scd2First = first.Models.Single(m => m.Model == "customers_scd2");
        var scd2Second = second.Models.Single(m => m.Model == "customers_scd2");
        Assert.Equal(ModelStatus.Succeeded, scd2First.Status);
        Assert.Equal(ModelStatus.Unchanged, scd2Second.Status);
        Assert.Equal(scd2First.TableVersion, scd2Second.TableVersion);
        Assert.Equal(before, lake.Query("SELECT * FROM gold_customers_scd2 ORDER BY ALL").Select(r => string.Join(",", r)).ToList());
        Assert.Equal(3, before.Count);
    }

    [Fact]
    public void A_changed_customer_gets_the_old_row_closed_and_a_new_current_row_while_others_stay()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        lake.Run(s_scd2);
        string firstRun = "2026-11-21T12:00:00Z";
        Assert.Equal("2,casual,appliances.kitchen,null", Attributes(lake, 2, "true"));

        // User 2 now buys: the same lake is landed again from the changed input, a day later.
        string input = Path.Combine(lake.Lake.Folder, "changed.csv");
        File.WriteAllText(input, HandMadeData.ClicksWithUser2Buying);
        using (new LakeRun(input, storage: lake.Storage))
        {
        }

        lake.Clock.Advance(TimeSpan.FromDays(1));
        var second = lake.Run(s_scd2);
        Assert.Equal(ModelStatus.Succeeded, second.Models.Single(m => m.Model == "customers_scd2").Status);
        string secondRun = "2026-11-22T12:00:00Z";

        var rows = lake.Query("SELECT customer_id, segment, rfm_segment, valid_from, valid_to, is_current FROM gold_customers_scd2 ORDER BY customer_id, valid_from")
            .Select(r => string.Join(",", r.Select(v => v ?? "null"))).ToList();
        Assert.Equal(
        [
            $"1,converting,hibernating,{firstRun},null,true",
            // user 2 bought: the casual row is closed, a converting one opened
            $"2,casual,null,{firstRun},{secondRun},false",
            $"2,converting,hibernating,{secondRun},null,true",
            // RFM scores are relative (NTILE over all customers): with a third buyer, user 3 becomes loyal
            $"3,converting,hibernating,{firstRun},{secondRun},false",
            $"3,converting,loyal,{secondRun},null,true",
        ], rows);
        Assert.Equal(1L, lake.Count("SELECT count(*) FROM gold_customers_scd2 WHERE customer_id = 2 AND is_current"));
    }

    [Fact]
    public void Selected_alone_on_an_rfm_of_an_older_silver_it_is_skipped_saying_what_to_select_not_built_from_it()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var options = new GoldRunOptions { Select = ["customers_scd2"], RetryDelay = TimeSpan.Zero };
        lake.Run(s_scd2);
        // The same rows landed again: rfm comes out unchanged (no commit, its commit names silver 0), and stands.
        using (new LakeRun(WriteClicks(lake), storage: lake.Storage))
        {
        }

        lake.Run(new GoldRunOptions { RetryDelay = TimeSpan.Zero, Incremental = false });
        Assert.Equal(ModelStatus.UpToDate, lake.Run(options).Models.Single(m => m.Model == "customers_scd2").Status);

        string input = Path.Combine(lake.Lake.Folder, "changed.csv");
        File.WriteAllText(input, HandMadeData.ClicksWithUser2Buying);
        using (new LakeRun(input, storage: lake.Storage))
        {
        }

        lake.Clock.Advance(TimeSpan.FromDays(1));
        var alone = lake.Run(options).Models.Single(m => m.Model == "customers_scd2");

        // It was built from rfm of silver 1: user 2, now buying, got a version without an RFM segment for good.
        Assert.Equal(ModelStatus.Skipped, alone.Status);
        Assert.Equal("gold_rfm was built from silver_events version 1, and this run reads version 2: select its model too (--select rfm,customers_scd2), or run them all", alone.Message);
        Assert.Equal(0L, lake.Count("SELECT count(*) FROM gold_customers_scd2 WHERE NOT is_current"));
        var both = lake.Run(new GoldRunOptions { Select = ["rfm", "customers_scd2"], RetryDelay = TimeSpan.Zero });
        Assert.Equal(ModelStatus.Succeeded, both.Models.Single(m => m.Model == "customers_scd2").Status);
        Assert.Equal("hibernating", lake.Query("SELECT rfm_segment FROM gold_customers_scd2 WHERE customer_id = 2 AND is_current")[0][0]);
    }

    private static string WriteClicks(GoldLake lake)
    {
        string file = Path.Combine(lake.Lake.Folder, "same.csv");
        File.WriteAllText(file, HandMadeData.Clicks);
        return file;
    }

    [Fact]
    public void A_run_whose_clock_is_behind_the_last_one_still_closes_rows_after_they_began()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        lake.Run(s_scd2);
        string input = Path.Combine(lake.Lake.Folder, "changed.csv");
        File.WriteAllText(input, HandMadeData.ClicksWithUser2Buying);
        using (new LakeRun(input, storage: lake.Storage))
        {
        }

        // This machine's clock is a day behind the one that ran first.
        lake.Clock.Advance(TimeSpan.FromDays(-1));
        var second = lake.Run(s_scd2);

        Assert.Equal(ModelStatus.Succeeded, second.Models.Single(m => m.Model == "customers_scd2").Status);
        Assert.Contains(second.Checks, c => c.Check.Name == "scd2_valid_to_after_valid_from" && c.Passed);
        Assert.Equal(0L, lake.Count("SELECT count(*) FROM gold_customers_scd2 WHERE valid_to <= valid_from")); // was 2: closed a day before they began
        // The change is dated just after the first run's rows, not at the clock's earlier time.
        Assert.Equal(["2026-11-21T12:00:00.000001Z"], lake.Query("SELECT DISTINCT valid_to FROM gold_customers_scd2 WHERE NOT is_current").Select(r => r[0]));
    }

    [Fact]
    public void A_customers_country_at_one_time_from_two_countries_does_not_depend_on_input_order()
    {
        const string header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
        const string germany = "536365,85123,MUG,1,2011-10-06 16:20:00,2.50,12923.0,Germany\n";
        const string france = "536366,85124,CUP,1,2011-10-06 16:20:00,3.50,12923.0,France\n";

        string CountryOf(string csv)
        {
            using var lake = GoldLake.FromText(csv);
            lake.Run(s_scd2);
            return lake.Query("SELECT country FROM gold_customers_scd2 WHERE is_current")[0][0]!;
        }

        Assert.Equal("France", CountryOf(header + germany + france));
        Assert.Equal("France", CountryOf(header + france + germany)); // was Germany: the order of the lines decided
    }

    private static string Attributes(GoldLake lake, long customer, string current) =>
        string.Join(",", lake.Query($"SELECT customer_id, segment, top_category, rfm_segment FROM gold_customers_scd2 WHERE customer_id = {customer} AND is_current = {current}")[0].Select(v => v ?? "null"));
}
