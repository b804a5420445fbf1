using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary><c>shopstream run --profiles-only</c>: the core job alone, with the same core results as a full run.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ProfilesOnlyRunTests
{
    private static readonly string[] s_analyticsFiles =
    [
        "minute_metrics.csv", "hourly_metrics.csv", "hourly_rolling_metrics.csv", "alerts.csv", "cart_abandonment_hourly.csv",
        "orders.csv", "product_hourly.csv", "category_hourly.csv", "trending_products.csv",
    ];

    [Fact]
    public void A_profiles_only_run_writes_the_full_runs_summary_profiles_and_sessions_and_no_analytics()
    {
        using var temp = new TempFolder();
        string full = temp.File("full"), core = temp.File("core");
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", full, "-q").ExitCode);
        Directory.CreateDirectory(core);
        File.WriteAllText(Path.Combine(core, "product_hourly.csv"), "an earlier run's\n"); // must not pass for this run's

        var (code, error) = Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", core, "-q", "--profiles-only");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        GoldenSummary.AssertMatches(Cli.ReadSummary(core));
        foreach (var file in new[] { "summary.json", "profiles.csv", "sessions.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(full, file)), File.ReadAllBytes(Path.Combine(core, file)));
        foreach (var file in s_analyticsFiles)
        {
            Assert.True(File.Exists(Path.Combine(full, file)), file);
            Assert.False(File.Exists(Path.Combine(core, file)), file);
        }
    }

    [Theory]
    [InlineData("--lake")]
    [InlineData("--serve")]
    public void Profiles_only_with_an_option_that_publishes_analytics_exits_2_with_one_line(string option)
    {
        using var temp = new TempFolder();

        var (code, error) = Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.File("out"), "-q", "--profiles-only", option);

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("--profiles-only", error, StringComparison.Ordinal);
    }
}
