using ShopStream.Analytics.Jobs;
using ShopStream.Tests;

namespace ShopStream.Analytics.Tests;

public sealed class CampaignRoiModelTests
{
    // Five orders with their channel and UTM campaign, as the generator's JSON lines carry them (silver keeps them).
    // O1's second line came from another visit: the order keeps its first line's attribution.
    private const string Events =
        """
        {"event_id":"e1","event_time":"2019-10-01T10:00:00Z","event_type":"purchase","user_id":1,"product_id":11,"price":100.00,"quantity":1,"order_id":"O1","channel":"paid_search","utm_source":"google","utm_medium":"cpc","utm_campaign":"spring"}
        {"event_id":"e1b","event_time":"2019-10-01T10:00:05Z","event_type":"purchase","user_id":1,"product_id":16,"price":10.00,"quantity":1,"order_id":"O1","channel":"email","utm_source":"crm","utm_medium":"email","utm_campaign":"newsletter"}
        {"event_id":"e2","event_time":"2019-10-02T10:00:00Z","event_type":"purchase","user_id":2,"product_id":12,"price":50.00,"quantity":2,"order_id":"O2","channel":"paid_search","utm_source":"google","utm_medium":"cpc","utm_campaign":"spring"}
        {"event_id":"e3","event_time":"2019-10-02T11:00:00Z","event_type":"purchase","user_id":3,"product_id":13,"price":30.00,"quantity":1,"order_id":"O3","channel":"email","utm_source":"crm","utm_medium":"email","utm_campaign":"newsletter"}
        {"event_id":"e4","event_time":"2019-10-05T10:00:00Z","event_type":"purchase","user_id":4,"product_id":14,"price":40.00,"quantity":1,"order_id":"O4","channel":"paid_search","utm_source":"google","utm_medium":"cpc","utm_campaign":"spring"}
        {"event_id":"e5","event_time":"2019-10-02T12:00:00Z","event_type":"purchase","user_id":5,"product_id":15,"price":20.00,"quantity":1,"order_id":"O5","channel":"direct"}

        """;

    private const string Campaigns = CampaignSources.Header + "\n"
        + "C1,paid_search,google,cpc,spring,2019-10-01,2019-10-03,50.00\n"
        + "C2,email,crm,email,newsletter,2019-10-01,2019-10-31,40.00\n"
        + "C3,display,gdn,cpm,autumn,2019-10-01,2019-10-31,10.00\n"
        + "C4,direct,,,,2019-10-01,2019-10-31,0.00\n";

    [Fact]
    public void Campaign_roi_joins_orders_by_channel_utm_campaign_and_dates()
    {
        using var folder = new TempFolder();
        using var lake = LakeWith(folder, Campaigns);
        var run = lake.Run(new GoldRunOptions
        {
            Select = ["campaign_roi"],
            Campaigns = folder.File("campaigns.csv"),
            RetryDelay = TimeSpan.Zero,
        });
        Assert.Equal(ModelStatus.Succeeded, Assert.Single(run.Models).Status);
        var rows = lake.Query("SELECT campaign_id, channel, spend, orders, customers, revenue, profit, roi, roas FROM gold_campaign_roi ORDER BY campaign_id")
            .Select(r => string.Join(",", r.Select(v => v ?? "null"))).ToList();
        Assert.Equal(
        [
            // O1 (both lines) and O2 (O4 is after the campaign's end): 210.00 on 50.00
            "C1,paid_search,50.00,2,2,210.00,160.00,3.2000,4.2000",
            "C2,email,40.00,1,1,30.00,-10.00,-0.2500,0.7500",
            "C3,display,10.00,0,0,0.00,-10.00,-1.0000,0.0000",
            // direct traffic has no UTM campaign and no spend: revenue, but no ROI
            "C4,direct,0.00,1,1,20.00,20.00,null,null",
        ], rows);
    }

    [Fact]
    public void Spaces_around_a_campaigns_text_fields_do_not_lose_its_orders()
    {
        using var folder = new TempFolder();
        using var lake = LakeWith(folder, CampaignSources.Header + "\n" + "C1, paid_search ,google,cpc,spring ,2019-10-01,2019-10-03,  50.00\n");

        var run = lake.Run(new GoldRunOptions { Select = ["campaign_roi"], Campaigns = folder.File("campaigns.csv"), RetryDelay = TimeSpan.Zero });

        Assert.Equal(ModelStatus.Succeeded, Assert.Single(run.Models).Status);
        Assert.Equal("C1,paid_search,spring,2,210.00", string.Join(",", lake.Query("SELECT campaign_id, channel, utm_campaign, orders, revenue FROM gold_campaign_roi")[0])); // was 0 orders
    }

    [Fact]
    public async Task The_report_says_so_when_the_campaigns_were_built_from_an_older_silver()
    {
        using var folder = new TempFolder();
        using var lake = LakeWith(folder, Campaigns);
        lake.Run(new GoldRunOptions { Campaigns = folder.File("campaigns.csv"), RetryDelay = TimeSpan.Zero });
        // A later run lands silver again; the jobs run again without --campaigns, so campaign_roi is silver 0's.
        using (new ShopStream.Lake.Tests.Runs.LakeRun(folder.File("events.jsonl"), storage: lake.Storage))
        {
        }

        lake.Run();
        using var output = new TempFolder();
        var (data, _) = await ShopStream.Analytics.Reporting.BusinessReport.WriteAsync(lake.Storage, output.Path);

        // Was null: RFM, cohorts and daily KPIs were silver 1's, and the campaigns' age went unsaid. Then it blamed all
        // four tables: the campaigns' alone is older.
        Assert.Equal("gold_campaign_roi was built from silver_events version 0, and silver is now at version 1", data.StaleGold!.Facts);
        Assert.Equal("Note: gold_campaign_roi was built from silver_events version 0, and silver is now at version 1, so the campaign figures are older "
            + "than the key figures and the funnel (run shopstream jobs run --campaigns FILE).", data.StaleNote);
    }

    [Fact]
    public void A_channel_matches_its_orders_whatever_its_case_and_overlaps_are_found_so_too()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("events.jsonl"), Events.Replace("\"channel\":\"email\"", "\"channel\":\"EMAIL\"", StringComparison.Ordinal).ReplaceLineEndings("\n"));
        File.WriteAllText(folder.File("campaigns.csv"), CampaignSources.Header + "\n"
            + "C1,Paid_Search,google,cpc,spring,2019-10-01,2019-10-03,50.00\n"
            + "C2,Email,crm,email,newsletter,2019-10-01,2019-10-31,40.00\n");
        using var lake = new GoldLake(folder.File("events.jsonl"));

        var run = lake.Run(new GoldRunOptions { Select = ["campaign_roi"], Campaigns = folder.File("campaigns.csv"), RetryDelay = TimeSpan.Zero });

        Assert.Equal(ModelStatus.Succeeded, Assert.Single(run.Models).Status);
        var rows = lake.Query("SELECT campaign_id, channel, orders, revenue FROM gold_campaign_roi ORDER BY campaign_id")
            .Select(r => string.Join(",", r)).ToList();
        Assert.Equal(["C1,paid_search,2,210.00", "C2,email,1,30.00"], rows); // were 0 orders each

        File.AppendAllText(folder.File("campaigns.csv"), "C5,PAID_SEARCH,google,cpc,spring,2019-10-03,2019-10-10,20.00\n");
        var overlapping = lake.Run(new GoldRunOptions { Select = ["campaign_roi"], Campaigns = folder.File("campaigns.csv"), RetryDelay = TimeSpan.Zero });
        Assert.Equal("campaign_roi_no_overlap", Assert.Single(overlapping.FailedBlockingChecks).Check.Name);
    }

    [Fact]
    public void A_campaign_that_ends_before_it_starts_fails_a_blocking_check()
    {
        using var folder = new TempFolder();
        using var lake = LakeWith(folder, Campaigns.Replace("spring,2019-10-01,2019-10-03", "spring,2019-10-31,2019-10-01", StringComparison.Ordinal));

        var run = lake.Run(new GoldRunOptions { Select = ["campaign_roi"], Campaigns = folder.File("campaigns.csv"), RetryDelay = TimeSpan.Zero });

        // Accepted before: the campaign simply matched no order, and its ROI read as a failure.
        Assert.Equal(ModelStatus.Blocked, Assert.Single(run.Models).Status);
        Assert.Equal("campaign_roi_dates_in_order", Assert.Single(run.FailedBlockingChecks).Check.Name);
    }

    [Fact]
    public void Two_campaigns_of_one_channel_and_utm_campaign_whose_dates_overlap_fail_a_blocking_check()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("events.jsonl"), Events.ReplaceLineEndings("\n"));
        // C5 shares C1's channel and UTM campaign, and 2019-10-03 with it: O1 and O2 counted for both, revenue twice.
        File.WriteAllText(folder.File("campaigns.csv"), Campaigns + "C5,paid_search,google,cpc,spring,2019-10-03,2019-10-10,20.00\n");
        using var lake = new GoldLake(folder.File("events.jsonl"));

        var run = lake.Run(new GoldRunOptions { Select = ["campaign_roi"], Campaigns = folder.File("campaigns.csv"), RetryDelay = TimeSpan.Zero });

        Assert.Equal(ModelStatus.Blocked, Assert.Single(run.Models).Status);
        var failed = Assert.Single(run.FailedBlockingChecks);
        Assert.Equal("campaign_roi_no_overlap", failed.Check.Name);
        Assert.Equal("1", failed.Observed);

        // Back to back (C5 from the day after C1 ends) is no overlap.
        File.WriteAllText(folder.File("campaigns.csv"), Campaigns + "C5,paid_search,google,cpc,spring,2019-10-04,2019-10-10,20.00\n");
        var next = lake.Run(new GoldRunOptions { Select = ["campaign_roi"], Campaigns = folder.File("campaigns.csv"), RetryDelay = TimeSpan.Zero });
        Assert.Equal(ModelStatus.Succeeded, Assert.Single(next.Models).Status);
        Assert.Equal("1", lake.Query("SELECT orders FROM gold_campaign_roi WHERE campaign_id = 'C5'").Single().Single()); // O4 on 2019-10-05
    }

    [Fact]
    public async Task The_report_recommends_moving_budget_from_the_worst_to_the_best_returning_campaign()
    {
        using var folder = new TempFolder();
        using var lake = LakeWith(folder, Campaigns);
        var run = lake.Run(new GoldRunOptions { Campaigns = folder.File("campaigns.csv"), RetryDelay = TimeSpan.Zero });
        Assert.True(run.Succeeded);
        var (data, recommendations) = await Reporting.BusinessReport.WriteAsync(lake.Storage, folder.File("report"));
        Assert.Equal(["C1", "C2", "C3", "C4"], data.Campaigns.Select(c => c.CampaignId));
        var budget = Assert.Single(recommendations, r => r.Title.StartsWith("Move marketing budget", StringComparison.Ordinal));
        Assert.Equal("C1 (paid_search) brought 4.20 of revenue per unit spent, C3 (display) only 0.00: shift spend from C3 to C1.", budget.Text);
        Assert.Contains("| C2 | email | 40.00 | 1 | 30.00 | 0.75 |", File.ReadAllText(folder.File("report/report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_campaigns_file_the_campaign_model_is_left_out_or_refused_when_named()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var run = lake.Run();
        Assert.DoesNotContain(run.Models, m => m.Model == "campaign_roi");
        Assert.Throws<ArgumentException>(() => lake.Run(new GoldRunOptions { Select = ["campaign_roi"] }));
    }

    // The events as JSON lines and the campaigns CSV in the folder, and the lake landed from the events.
    private static GoldLake LakeWith(TempFolder folder, string campaigns)
    {
        File.WriteAllText(folder.File("events.jsonl"), Events.ReplaceLineEndings("\n"));
        File.WriteAllText(folder.File("campaigns.csv"), campaigns);
        return new GoldLake(folder.File("events.jsonl"));
    }
}
