using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Serving;

namespace ShopStream.Postgres.Tests;

/// <summary>Profile search on PostgreSQL gives exactly the pages an in-memory LINQ search of the contract gives.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchTests(PostgresServer server) : IAsyncLifetime
{
    private PostgresServingStore? _store;
    private List<CustomerProfile> _profiles = [];

    public static TheoryData<ProfileSort> Sorts => [.. Enum.GetValues<ProfileSort>()];

    public async Task InitializeAsync()
    {
        var db = await server.CreateDatabaseAsync();
        var builder = new PostgresStoreBuilder(db.ConnectionString);
        await using (var sink = builder.BuildSink())
            await sink.PublishAsync(SampleRuns.Full);
        _store = builder.BuildServingStore();
        _profiles = [.. SampleRuns.Full.Profiles];
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
            await _store.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task Every_filter_and_page_matches_the_in_memory_reference(ProfileSort sort)
    {
        CustomerSegment?[] segments = [null, .. SegmentRules.All.Cast<CustomerSegment?>()];
        decimal?[] minRevenues = [null, 0m, 0.01m, 250.5m, 1000m, 1_000_000m];
        int checkedPages = 0;
        foreach (var segment in segments)
        {
            foreach (var minRevenue in minRevenues)
            {
                var matches = Reference(new ProfileQuery { Segment = segment, MinRevenue = minRevenue, Sort = sort });
                foreach (int pageSize in new[] { 7, 1000 })
                {
                    int lastPage = Math.Max(1, (matches.Count + pageSize - 1) / pageSize);
                    foreach (int page in new[] { 1, 2, lastPage, lastPage + 1 }.Distinct())
                    {
                        var query = new ProfileQuery { Segment = segment, MinRevenue = minRevenue, Sort = sort, Page = page, PageSize = pageSize };
                        var actual = await _store!.SearchProfilesAsync(query);

                        Assert.Equal(matches.Count, actual.Total);
                        Assert.Equal(page, actual.Page);
                        Assert.Equal(pageSize, actual.PageSize);
                        Assert.Equal(matches.Skip((page - 1) * pageSize).Take(pageSize).ToList(), actual.Items);
                        checkedPages++;
                    }
                }
            }
        }

        Assert.True(checkedPages > 100);
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task Paging_through_everything_sees_every_profile_once_in_order(ProfileSort sort)
    {
        var seen = new List<CustomerProfile>();
        for (int page = 1; ; page++)
        {
            var result = await _store!.SearchProfilesAsync(new ProfileQuery { Sort = sort, Page = page, PageSize = 100 });
            if (result.Items.Count == 0)
                break;
            seen.AddRange(result.Items);
        }

        Assert.Equal(Reference(new ProfileQuery { Sort = sort }), seen);
        Assert.Equal(_profiles.Count, seen.Select(p => p.UserId).Distinct().Count());
    }

    [Fact]
    public async Task Min_revenue_compares_the_revenue_as_shown_in_cents_as_the_run_folder_does()
    {
        string purchase(int user, string price) => $$"""{"event_time":"2019-10-01T00:00:00Z","event_type":"purchase","user_id":{{user}},"product_id":1,"price":{{price}}}""";
        var run = SampleRuns.FromJsonLines(purchase(1, "3.015"), purchase(2, "3.0149"), purchase(3, "0.0001"), purchase(4, "3.02"));
        var db = await server.CreateDatabaseAsync();
        var builder = new PostgresStoreBuilder(db.ConnectionString);
        await using (var sink = builder.BuildSink())
            await sink.PublishAsync(run);
        await using var store = builder.BuildServingStore();

        async Task<long[]> Users(decimal min) =>
            [.. (await store.SearchProfilesAsync(new ProfileQuery { MinRevenue = min })).Items.Select(p => p.UserId)];

        long[] atCents = await Users(3.02m), atTenThousandth = await Users(0.0001m), atZero = await Users(0m);
        Assert.Equal([1L, 4L], atCents); // 3.015 is shown as 3.02: it was left out
        Assert.Equal([1L, 2L, 4L], atTenThousandth); // 0.0001 is shown as 0.00: it was let in
        Assert.Equal([1L, 2L, 3L, 4L], atZero);
        foreach (decimal min in new[] { 0m, 0.0001m, 3.01m, 3.02m, 3.0201m })
        {
            var query = new ProfileQuery { MinRevenue = min };
            Assert.Equal(run.Profiles.Where(p => query.PassesMinRevenue(p.Revenue)).Select(p => p.UserId).Order(), await Users(min));
        }
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 0)]
    [InlineData(1, ProfileQuery.MaxPageSize + 1)]
    public async Task Out_of_range_pages_are_refused(int page, int pageSize)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await _store!.SearchProfilesAsync(new ProfileQuery { Page = page, PageSize = pageSize }));
    }

    [Fact]
    public async Task Revenues_that_show_alike_tie_by_user_id_as_in_the_files()
    {
        // 3.005, 3.014 and 3.01 all show 3.01: the run folder's and the lake's rounded revenue put them in user order.
        var db = await server.CreateDatabaseAsync();
        var builder = new PostgresStoreBuilder(db.ConnectionString);
        await using (var sink = builder.BuildSink())
        {
            await sink.PublishAsync(SampleRuns.FromJsonLines(
                """{"event_id":"a","event_time":"2019-10-01T10:00:00Z","event_type":"purchase","user_id":20,"product_id":1,"price":"3.005","quantity":1}""",
                """{"event_id":"b","event_time":"2019-10-01T10:00:01Z","event_type":"purchase","user_id":21,"product_id":1,"price":"3.014","quantity":1}""",
                """{"event_id":"c","event_time":"2019-10-01T10:00:02Z","event_type":"purchase","user_id":22,"product_id":1,"price":"3.01","quantity":1}"""));
        }

        await using var store = builder.BuildServingStore();
        var page = await store.SearchProfilesAsync(new ProfileQuery { Sort = ProfileSort.RevenueDescending });

        Assert.Equal([20L, 21L, 22L], page.Items.Select(p => p.UserId)); // was 21, 22, 20: sorted on the exact revenue
    }

    /// <summary>The contract in LINQ: filters, the sort, ties by ascending user id.</summary>
    private List<CustomerProfile> Reference(ProfileQuery query)
    {
        var matches = _profiles.Where(p => (query.Segment is null || p.Segment == query.Segment) && query.PassesMinRevenue(p.Revenue));
        var sorted = query.Sort switch
        {
            ProfileSort.UserId => matches.OrderBy(p => p.UserId),
            ProfileSort.RevenueDescending => matches.OrderByDescending(p => ProfileQuery.ShownRevenue(p.Revenue)).ThenBy(p => p.UserId),
            ProfileSort.EventsDescending => matches.OrderByDescending(p => p.Events).ThenBy(p => p.UserId),
            ProfileSort.LastSeenDescending => matches.OrderByDescending(p => p.LastSeen).ThenBy(p => p.UserId),
            _ => throw new ArgumentOutOfRangeException(nameof(query)),
        };
        return [.. sorted];
    }
}
