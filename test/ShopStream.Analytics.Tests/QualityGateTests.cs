using ShopStream.Analytics.Jobs;
using ShopStream.Analytics.Quality;
using ShopStream.Tests;

namespace ShopStream.Analytics.Tests;

public sealed class QualityGateTests
{
    [Fact]
    public void Every_model_and_blocking_check_passes_on_the_rees46_sample_and_results_land_in_dq_results()
    {
        using var lake = new GoldLake(RepoPaths.Rees46Sample);
        var run = lake.Run();
        Assert.All(run.Models, m => Assert.Equal(ModelStatus.Succeeded, m.Status));
        Assert.Equal(["rfm", "daily_kpis", "cohorts", "customers_scd2", "ml_features", "customer_products"], run.Models.Select(m => m.Model));
        Assert.Empty(run.FailedBlockingChecks);
        Assert.True(run.Succeeded);

        // The sample is from 2019: only the (non-blocking) freshness check fails against the run's clock in 2026.
        var failed = Assert.Single(run.Checks, c => !c.Passed);
        Assert.Equal("silver_fresh", failed.Check.Name);
        // Every declared check runs but those of the campaign model, which needs a campaigns file.
        int declared = QualityChecks.Declared.Count(c => c.Table != "gold_campaign_roi");
        decimal score = Math.Round(100m * (declared - 1) / declared, 2);
        Assert.Equal(score, run.QualityScore);
        Assert.Equal(declared, run.Checks.Count);
        Assert.Equal((long)declared, lake.Count("SELECT count(*) FROM gold_dq_results"));
        Assert.Equal(1L, lake.Count("SELECT count(*) FROM gold_dq_results WHERE NOT passed"));
        Assert.Equal(score.ToString(System.Globalization.CultureInfo.InvariantCulture), lake.Query("SELECT DISTINCT quality_score FROM gold_dq_results")[0][0]);
    }

    [Fact]
    public void A_failed_blocking_check_on_silver_stops_every_model_and_commits_no_gold_table()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var cheap = new QualityCheck { Name = "price_at_most_60", Table = "silver_events", Kind = QualityCheckKind.Range, Column = "price", Max = 60 };
        var run = lake.Run(configure: r => new GoldRunner(lake.Storage, new GoldRunOptions { RetryDelay = TimeSpan.Zero }, lake.Clock) { Checks = [cheap] });

        var result = Assert.Single(run.Checks);
        Assert.False(result.Passed);
        Assert.Equal(5, result.FailingRows); // the five events of product 100 at 100.00
        Assert.False(run.Succeeded);
        Assert.All(run.Models, m => Assert.Equal(ModelStatus.Skipped, m.Status));
        Assert.All(run.Models, m => Assert.Null(m.TableVersion));
        Assert.False(Directory.Exists(Path.Combine(lake.Lake.LakeRoot, "gold", "rfm")));
        Assert.Equal(0m, run.QualityScore);
        Assert.Equal(1L, lake.Count("SELECT count(*) FROM gold_dq_results WHERE check_name = 'price_at_most_60' AND NOT passed AND blocking AND failing_rows = 5"));
    }

    [Fact]
    public void A_failed_blocking_check_on_a_model_keeps_it_uncommitted_and_skips_only_its_downstream()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var noChampions = new QualityCheck { Name = "rfm_has_no_hibernating", Table = "gold_rfm", Kind = QualityCheckKind.AcceptedValues, Column = "segment", Values = ["champions"] };
        var run = lake.Run(configure: r => new GoldRunner(lake.Storage, new GoldRunOptions { RetryDelay = TimeSpan.Zero }, lake.Clock) { Checks = [noChampions] });

        var status = run.Models.ToDictionary(m => m.Model, m => m.Status);
        Assert.Equal(ModelStatus.Blocked, status["rfm"]);
        Assert.Equal(ModelStatus.Skipped, status["customers_scd2"]);
        Assert.Equal(ModelStatus.Skipped, status["ml_features"]);
        Assert.Equal(ModelStatus.Succeeded, status["daily_kpis"]);
        Assert.Equal(ModelStatus.Succeeded, status["cohorts"]);
        Assert.Equal(ModelStatus.Succeeded, status["customer_products"]);
        Assert.Equal(2, Assert.Single(run.FailedBlockingChecks).FailingRows);
        Assert.False(Directory.Exists(Path.Combine(lake.Lake.LakeRoot, "gold", "rfm")));
        Assert.True(Directory.Exists(Path.Combine(lake.Lake.LakeRoot, "gold", "daily_kpis")));
    }

    [Fact]
    public void Prices_with_more_than_two_decimals_pass_the_revenue_checks_of_tables_rounded_to_cents()
    {
        // Three purchases at 2.125 in three months: daily_kpis and cohorts round each day or cohort's revenue to 2.13,
        // 6.39 against silver's exact 6.375 (a tolerance of 0.01 blocked both); five days at 0.005 round to 0.01 each.
        using var lake = GoldLake.FromText(HandMadeData.Rees46Header
            + "2019-10-15 10:00:00 UTC,purchase,10,1,,,2.125,1,s1\n"
            + "2019-11-15 10:00:00 UTC,purchase,10,1,,,2.125,2,s2\n"
            + "2019-12-15 10:00:00 UTC,purchase,10,1,,,2.125,3,s3\n"
            + string.Concat(Enumerable.Range(16, 5).Select(d => $"2019-12-{d} 10:00:00 UTC,purchase,11,1,,,0.005,4,s{d}\n")));

        var run = lake.Run();

        Assert.Empty(run.FailedBlockingChecks);
        Assert.All(run.Models, m => Assert.Equal(ModelStatus.Succeeded, m.Status));
        var kpis = Assert.Single(run.Checks, c => c.Check.Name == "daily_kpis_revenue_equals_silver");
        Assert.Equal("6.4000", kpis.Observed); // 6.375 + 0.025 exact
        Assert.Equal("6.44 ± 0.050", kpis.Expected); // 3 × 2.13 + 5 × 0.01; 0.01 + 8 rows × 0.005
    }

    [Fact]
    public void Data_from_the_future_fails_the_freshness_check()
    {
        using var lake = GoldLake.FromText(HandMadeData.Rees46Header
            + "2019-10-15 10:00:00 UTC,view,10,1,,,2.00,1,s1\n"
            + "2099-10-01 10:00:00 UTC,view,10,1,,,2.00,1,s2\n");

        var run = lake.Run();

        var fresh = Assert.Single(run.Checks, c => c.Check.Name == "silver_fresh");
        Assert.False(fresh.Passed); // was passed, "-638606.7 h old"
        Assert.EndsWith(" h in the future", fresh.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public void Checks_file_rejects_unknown_tables_kinds_and_checks_missing_their_fields()
    {
        Assert.Throws<FormatException>(() => QualityChecks.Parse("""{"checks":[{"name":"a","table":"nope","kind":"not_null","column":"x"}]}"""));
        Assert.Throws<FormatException>(() => QualityChecks.Parse("""{"checks":[{"name":"a","table":"silver_events","kind":"sometimes","column":"x"}]}"""));
        Assert.Throws<FormatException>(() => QualityChecks.Parse("""{"checks":[{"name":"a","table":"silver_events","kind":"range","column":"x"}]}"""));
        Assert.Throws<FormatException>(() => QualityChecks.Parse("""{"checks":[{"name":"a","table":"silver_events","kind":"not_null","column":"x; DROP"}]}"""));
        var ok = QualityChecks.Parse("""{"checks":[{"name":"a","table":"silver_events","kind":"unique","columns":["event_id"],"blocking":false}]}""");
        Assert.False(Assert.Single(ok).Blocking);
    }
}
