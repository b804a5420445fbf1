using ShopStream.Analytics.Jobs;
using ShopStream.Tests;

namespace ShopStream.Analytics.Tests;

/// <summary>A damaged data file fails the checks and models that read its table, and the run records them: it used to end with one error and no row.</summary>
public sealed class DamagedLakeTests
{
    private static string SilverFile(GoldLake lake) =>
        Directory.GetFiles(Path.Combine(lake.Lake.LakeRoot, "silver", "events"), "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();

    [Fact]
    public void A_truncated_silver_file_fails_each_model_and_silver_check_and_the_run_records_them()
    {
        using var lake = new GoldLake(RepoPaths.Rees46Sample);
        using (var file = File.OpenWrite(SilverFile(lake)))
            file.SetLength(1000); // its footer gone: DuckDB cannot even read its schema

        var run = lake.Run();

        Assert.False(run.Succeeded);
        Assert.All(run.Models, m =>
        {
            Assert.Equal(ModelStatus.Failed, m.Status);
            Assert.StartsWith("silver_events cannot be read: ", m.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', m.Message);
        });
        Assert.All(run.Checks.Where(c => c.Check.Table == "silver_events"), c =>
        {
            Assert.False(c.Passed);
            Assert.StartsWith("cannot be read: ", c.Observed, StringComparison.Ordinal);
        });
        // A check on another table that reads silver too says so (it said "Catalog Error: Table with name silver_events does not exist!").
        var reconcile = Assert.Single(run.Checks, c => c.Check.Name == "profiles_revenue_equals_silver");
        Assert.False(reconcile.Passed);
        Assert.StartsWith("cannot be read: silver_events: ", reconcile.Observed, StringComparison.Ordinal);
        Assert.Equal((long)run.Models.Count, lake.Count($"SELECT count(*) FROM gold_job_runs WHERE run_id = '{run.RunId}' AND status = 'failed'"));
        Assert.Equal((long)run.Checks.Count, lake.Count($"SELECT count(*) FROM gold_dq_results WHERE run_id = '{run.RunId}' AND NOT passed"));
    }

    [Fact]
    public void A_profiles_file_gone_fails_the_models_that_read_it_once_without_retries()
    {
        using var lake = new GoldLake(RepoPaths.Rees46Sample);
        string profiles = Directory.GetFiles(Path.Combine(lake.Lake.LakeRoot, "gold", "profiles"), "*.parquet").Single();
        File.Delete(profiles); // as a vacuum with a short --retain, or a hand, does

        var run = lake.Run();

        var failed = run.Models.Where(m => m.Status == ModelStatus.Failed).Select(m => m.Model).Order(StringComparer.Ordinal);
        Assert.Equal(["customers_scd2", "ml_features"], failed); // the two that read gold_profiles
        Assert.All(run.Models.Where(m => m.Status == ModelStatus.Failed), m =>
        {
            Assert.Equal(1, m.Attempts); // were retried (3 attempts, with back-off): no attempt brings a file back
            Assert.Contains("gold/profiles version 0 can no longer be read: its file ", m.Message, StringComparison.Ordinal);
        });
        Assert.False(run.Succeeded);
    }

    [Fact]
    public void Damage_inside_a_file_whose_footer_is_whole_fails_the_checks_that_scan_it_and_the_run_goes_on()
    {
        using var lake = new GoldLake(RepoPaths.Rees46Sample);
        string silver = SilverFile(lake);
        byte[] bytes = File.ReadAllBytes(silver);
        Array.Fill(bytes, (byte)0xFF, 4, bytes.Length / 2); // the first column chunks' pages, after the magic bytes
        File.WriteAllBytes(silver, bytes);

        var run = lake.Run();

        Assert.False(run.Succeeded);
        var scanned = run.Checks.Where(c => c.Check.Table == "silver_events" && !c.Passed).ToList();
        Assert.NotEmpty(scanned);
        Assert.All(scanned, c => Assert.StartsWith("cannot be read: ", c.Observed, StringComparison.Ordinal));
        // The view was made (the footer reads): the damage shows only when a check scans the rows.
        Assert.DoesNotContain(run.Models, m => m.Message.StartsWith("silver_events cannot be read", StringComparison.Ordinal));
        Assert.All(run.Models, m => Assert.False(ModelStatus.IsGood(m.Status)));
        Assert.Equal((long)run.Models.Count, lake.Count($"SELECT count(*) FROM gold_job_runs WHERE run_id = '{run.RunId}'"));
    }
}
