using ShopStream.Api.Store;
using ShopStream.Core.Output;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Serving;
using ShopStream.Tests;

namespace ShopStream.Api.Tests;

public sealed class RunFolderStoreTests
{
    [Fact]
    public async Task Profiles_read_back_equal_to_what_the_run_wrote_quoted_text_included()
    {
        using var folder = new TempFolder();
        var result = SampleRun.WriteTo(folder.Path);
        CustomerProfile[] tricky =
        [
            new(1, 3, 1, 1, 0, 1, 12.5m, new DateTime(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2019, 10, 1, 1, 0, 0, DateTimeKind.Utc), 1, 1, "a,b", "say \"hi\"", CustomerSegment.Converting),
            new(2, 1, 1, 0, 0, 0, 0m, new DateTime(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc), 1, 1, "line\nbreak", null, CustomerSegment.Casual),
        ];
        var run = new RunDirectory(folder.Path);
        using (var file = File.Create(run.ProfilesFile))
            ProfilesCsv.Write(file, tricky);
        var summary = result.Summary with { Users = tricky.Length }; // the store refuses profiles that are not the summary's users
        using (var file = File.Create(run.SummaryFile))
            SummaryJson.Write(file, summary);

        using var store = new RunFolderStoreBuilder(folder.Path).Build();
        Assert.Equal(tricky[0], await store.ProfileAsync(1));
        Assert.Equal(tricky[1], await store.ProfileAsync(2));
        Assert.Null(await store.ProfileAsync(3));
        Assert.Equal(summary, await store.SummaryAsync(), new SummaryComparer());
    }

    [Fact]
    public async Task Every_profile_of_the_sample_loads_as_the_pipeline_computed_it()
    {
        using var folder = new TempFolder();
        var result = SampleRun.WriteTo(folder.Path);
        using var store = new RunFolderStoreBuilder(folder.Path).Build();
        var page = await store.SearchProfilesAsync(new ProfileQuery { PageSize = ProfileQuery.MaxPageSize });
        var all = new List<CustomerProfile>(page.Items);
        for (int p = 2; all.Count < page.Total; p++)
            all.AddRange((await store.SearchProfilesAsync(new ProfileQuery { PageSize = ProfileQuery.MaxPageSize, Page = p })).Items);
        Assert.Equal(result.Profiles.Select(Rounded), all);
        Assert.Equal(result.HourlyMetrics.Sum(h => h.Events), (await store.HourlyMetricsAsync(null, null)).Sum(h => h.Events));
    }

    [Fact]
    public async Task A_damaged_new_run_keeps_the_last_good_one_and_reports_the_error()
    {
        using var folder = new TempFolder();
        SampleRun.WriteTo(folder.Path);
        using var store = new RunFolderStoreBuilder(folder.Path).WithReloadInterval(TimeSpan.FromHours(1)).Build();
        Assert.True(store.Status.Ready);
        var run = new RunDirectory(folder.Path);
        File.WriteAllText(run.ProfilesFile, "user_id,events\n1,2\n");
        File.AppendAllText(run.SummaryFile, " ");
        Assert.False(store.Reload());
        Assert.Contains("no column", store.Status.LastError);
        Assert.Equal(5000, (await store.SummaryAsync())!.EventsRead);
        Assert.NotNull(await store.ProfileAsync(515384420));

        // Fixed and rewritten: the next check loads it.
        SampleRun.WriteTo(folder.Path);
        File.AppendAllText(run.SummaryFile, "  ");
        Assert.True(store.Reload());
        Assert.Null(store.Status.LastError);
    }

    [Fact]
    public async Task Profiles_of_another_run_than_the_summary_are_not_served_as_its_users()
    {
        using var folder = new TempFolder();
        SampleRun.WriteTo(folder.Path);
        var run = new RunDirectory(folder.Path);
        var lines = File.ReadAllLines(run.ProfilesFile);
        // A later run stopped while writing its results: profiles.csv is new (here: a tenth of the users), summary.json old.
        File.WriteAllLines(run.ProfilesFile, lines.Take(1 + ((lines.Length - 1) / 10)));
        using var store = new RunFolderStoreBuilder(folder.Path).WithReloadInterval(TimeSpan.FromHours(1)).Build();

        Assert.False(store.Status.Ready); // it loaded, answering 174 profiles beside a summary of 1,747 users
        Assert.Contains($"holds 174 profiles where summary.json counts 1,747 users", store.Status.LastError, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RunNotLoadedException>(() => store.ProfileAsync(515384420).AsTask());
    }

    [Fact]
    public void Invalid_queries_are_refused_not_cut()
    {
        using var folder = new TempFolder();
        using var store = new RunFolderStoreBuilder(folder.Path).Build();
        Assert.False(store.Status.Ready);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.SearchProfilesAsync(new ProfileQuery { PageSize = 1001 }).AsTask().GetAwaiter().GetResult());
        Assert.Throws<ArgumentOutOfRangeException>(() => store.SearchProfilesAsync(new ProfileQuery { Page = 0 }).AsTask().GetAwaiter().GetResult());
    }

    // profiles.csv holds money to two places; the pipeline's decimals may carry more.
    private static CustomerProfile Rounded(CustomerProfile p) => p with { Revenue = Math.Round(p.Revenue, 2, MidpointRounding.AwayFromZero) };

    private sealed class SummaryComparer : IEqualityComparer<Core.Processing.RunSummary?>
    {
        public bool Equals(Core.Processing.RunSummary? x, Core.Processing.RunSummary? y) =>
            x is not null && y is not null && x.EventsRead == y.EventsRead && x.Users == y.Users && x.Revenue == y.Revenue
            && x.Segments.SequenceEqual(y.Segments) && x.RejectedByReason.SequenceEqual(y.RejectedByReason);

        public int GetHashCode(Core.Processing.RunSummary? obj) => obj?.EventsRead.GetHashCode() ?? 0;
    }
}
