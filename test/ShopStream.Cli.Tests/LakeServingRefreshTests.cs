using ShopStream.Core.Serving;
using ShopStream.Lake.Serving;
using ShopStream.Lake.Storage;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary>A later run into the lake shows in the lake serving store once its refresh interval has passed, not before.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class LakeServingRefreshTests
{
    [Fact]
    public async Task A_later_run_shows_after_the_refresh_interval_and_not_within_it()
    {
        using var temp = new TempFolder();
        File.WriteAllLines(temp.File("head.csv"), File.ReadLines(RepoPaths.Rees46Sample).Take(1001));
        Assert.Equal(0, Cli.Run("run", "--input", temp.File("head.csv"), "--out", temp.File("out"), "--quiet", "--lake").ExitCode);
        using var everyRequest = new LakeServingStore(LakeStorage.Open(temp.File("out/lake")), TimeSpan.Zero);
        using var hourly = new LakeServingStore(LakeStorage.Open(temp.File("out/lake")), TimeSpan.FromHours(1));
        Assert.Equal(1000, (await everyRequest.SummaryAsync())!.EventsRead);
        Assert.Equal(1000, (await hourly.SummaryAsync())!.EventsRead);
        long firstUsers = (await everyRequest.SearchProfilesAsync(new ProfileQuery())).Total;

        Assert.Equal(0, Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.File("out"), "--quiet", "--lake").ExitCode);

        Assert.Equal(5000, (await everyRequest.SummaryAsync())!.EventsRead);
        Assert.Equal(1747, (await everyRequest.SearchProfilesAsync(new ProfileQuery())).Total);
        Assert.True(firstUsers < 1747);
        Assert.Equal(1000, (await hourly.SummaryAsync())!.EventsRead);
        Assert.Equal(firstUsers, (await hourly.SearchProfilesAsync(new ProfileQuery())).Total);
    }

    [Fact]
    public async Task A_run_stopped_before_its_summary_commit_is_not_served_beside_the_last_finished_one()
    {
        using var temp = new TempFolder();
        File.WriteAllLines(temp.File("head.csv"), File.ReadLines(RepoPaths.Rees46Sample).Take(1001));
        Assert.Equal(0, Cli.Run("run", "--input", temp.File("head.csv"), "--out", temp.File("out"), "--quiet", "--lake").ExitCode);
        Assert.Equal(0, Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.File("out"), "--quiet", "--lake").ExitCode);
        // As if the second run had been killed just before its last commit: every other table has its version 1.
        File.Delete(temp.File("out/lake/gold/run_summary/_delta_log/00000000000000000001.json"));
        using var store = new LakeServingStore(LakeStorage.Open(temp.File("out/lake")), TimeSpan.Zero);

        Assert.Equal(1000, (await store.SummaryAsync())!.EventsRead);
        Assert.True(await store.HoldsRunAsync());
        long users = (await store.SearchProfilesAsync(new ProfileQuery())).Total;
        Assert.Equal((await store.SummaryAsync())!.Users, users); // profiles were the second run's 1,747 beside the first's summary
        Assert.True(users < 1747);

        // The first run stopped before its summary commit too: the lake holds tables but no run (serve was 200 with
        // no profiles and 404 for each one; the summary already said 503).
        File.Delete(temp.File("out/lake/gold/run_summary/_delta_log/00000000000000000000.json"));
        using var none = new LakeServingStore(LakeStorage.Open(temp.File("out/lake")), TimeSpan.Zero);
        Assert.Null(await none.SummaryAsync());
        Assert.False(await none.HoldsRunAsync());
    }

    [Fact]
    public async Task A_lake_without_a_run_has_no_summary_and_no_profiles()
    {
        using var temp = new TempFolder();
        using var store = new LakeServingStore(LakeStorage.Open(temp.Path), TimeSpan.Zero);
        Assert.Null(await store.SummaryAsync());
        Assert.False(await store.HoldsRunAsync()); // so serve answers its reads 503 "no run", not 404 or no rows
        Assert.Null(await store.ProfileAsync(5));
        Assert.Equal(0, (await store.SearchProfilesAsync(new ProfileQuery { MinRevenue = 1m })).Total);
        Assert.Empty(await store.HourlyMetricsAsync(null, null));
    }
}
