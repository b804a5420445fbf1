using ShopStream.Api.Store;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Serving;
using ShopStream.Lake.Serving;
using ShopStream.Lake.Storage;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary>The lake's serving store answers exactly as the run folder's for the same run (the 5,000-row sample run with <c>--lake</c>).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class LakeServingStoreTests : IClassFixture<LakeServingStoreTests.SampleLakeRun>, IDisposable
{
    private readonly RunFolderStore _folder;
    private readonly LakeServingStore _lake;

    public LakeServingStoreTests(SampleLakeRun run)
    {
        _folder = new RunFolderStoreBuilder(run.Folder.Path).Build();
        _lake = new LakeServingStore(LakeStorage.Open(run.Folder.File("lake")), LakeServingStore.DefaultRefreshInterval);
    }

    public static TheoryData<ProfileSort> Sorts => [.. Enum.GetValues<ProfileSort>()];

    [Fact]
    public async Task The_summary_equals_the_run_folders()
    {
        var fromLake = await _lake.SummaryAsync();
        Assert.NotNull(fromLake);
        Assert.Equal(1747, fromLake.Users);
        Assert.Equal(SummaryText((await _folder.SummaryAsync())!), SummaryText(fromLake));
    }

    [Fact]
    public async Task A_profile_is_found_as_in_the_run_folder_and_an_unknown_user_is_not()
    {
        var top = (await _folder.SearchProfilesAsync(new ProfileQuery { Sort = ProfileSort.RevenueDescending, PageSize = 20 })).Items;
        Assert.Equal(20, top.Count);
        foreach (var profile in top)
            Assert.Equal(profile, await _lake.ProfileAsync(profile.UserId));
        Assert.Null(await _lake.ProfileAsync(1));
        Assert.Null(await _lake.ProfileAsync(long.MaxValue));
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task Searches_with_filters_and_pages_equal_the_run_folders(ProfileSort sort)
    {
        CustomerSegment?[] segments = [null, .. SegmentRules.All.Cast<CustomerSegment?>()];
        decimal?[] minRevenues = [null, 0m, 0.005m, 250.5m, 1000m, 100_000_000_000_000_000m];
        int nonEmpty = 0;
        foreach (var segment in segments)
        {
            foreach (var minRevenue in minRevenues)
            {
                foreach (int page in new[] { 1, 2, 40 })
                {
                    var query = new ProfileQuery { Segment = segment, MinRevenue = minRevenue, Sort = sort, Page = page, PageSize = 7 };
                    var expected = await _folder.SearchProfilesAsync(query);
                    var actual = await _lake.SearchProfilesAsync(query);
                    Assert.Equal(expected.Total, actual.Total);
                    Assert.Equal((page, 7), (actual.Page, actual.PageSize));
                    Assert.Equal(expected.Items, actual.Items);
                    nonEmpty += actual.Items.Count > 0 ? 1 : 0;
                }
            }
        }

        Assert.True(nonEmpty > 20, $"only {nonEmpty} pages had profiles");
    }

    [Fact]
    public async Task Paging_through_everything_gives_the_run_folders_profiles_in_order()
    {
        var query = new ProfileQuery { Sort = ProfileSort.LastSeenDescending, PageSize = ProfileQuery.MaxPageSize };
        var first = await _lake.SearchProfilesAsync(query);
        var second = await _lake.SearchProfilesAsync(query with { Page = 2 });
        var expected = (await _folder.SearchProfilesAsync(query)).Items.Concat((await _folder.SearchProfilesAsync(query with { Page = 2 })).Items);

        Assert.Equal(1747, first.Total);
        Assert.Equal(1747, first.Items.Count + second.Items.Count);
        Assert.Equal(expected, [.. first.Items, .. second.Items]);
    }

    [Fact]
    public async Task Hourly_metrics_in_a_range_equal_the_run_folders()
    {
        var all = await _folder.HourlyMetricsAsync(null, null);
        Assert.Equal(3, all.Count); // the sample spans 00:00 to 02:28
        var from = all[1].WindowStart;
        var to = all[^1].WindowStart;
        (DateTime?, DateTime?)[] ranges =
        [
            (null, null), (from, null), (null, to), (from, to), (all[0].WindowStart.AddMinutes(30), null),
            (DateTime.SpecifyKind(from, DateTimeKind.Unspecified), DateTime.SpecifyKind(to, DateTimeKind.Unspecified)),
            (to.AddYears(1), null),
        ];
        foreach (var (f, t) in ranges)
            Assert.Equal(await _folder.HourlyMetricsAsync(f, t), await _lake.HourlyMetricsAsync(f, t));
        Assert.Equal(all.Count - 2, (await _lake.HourlyMetricsAsync(from, to)).Count);
    }

    [Fact]
    public async Task Out_of_range_pages_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await _lake.SearchProfilesAsync(new ProfileQuery { Page = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await _lake.SearchProfilesAsync(new ProfileQuery { PageSize = ProfileQuery.MaxPageSize + 1 }));
    }

    public void Dispose()
    {
        _lake.Dispose();
        _folder.Dispose();
    }

    // SPEC's summary as the API shows it: revenue to the cent, as summary.json has it.
    private static string SummaryText(RunSummary summary)
    {
        using var buffer = new MemoryStream();
        SummaryJson.Write(buffer, summary);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The sample run once with <c>--lake</c>: its folder holds the CSV results and DIR/lake.</summary>
    public sealed class SampleLakeRun : IDisposable
    {
        public SampleLakeRun()
        {
            var (code, error) = Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", Folder.Path, "--quiet", "--lake");
            if (code != 0)
                throw new InvalidOperationException($"the sample run failed ({code}): {error}");
        }

        internal TempFolder Folder { get; } = new();

        public void Dispose() => Folder.Dispose();
    }
}
