using System.Text;
using ShopStream.Core.Serving;
using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Serving;
using ShopStream.Lake.Storage;
using ShopStream.Lake.Tables;
using ShopStream.Lake.Tests.Runs;
using ShopStream.Tests;

namespace ShopStream.Lake.Tests.Storage;

public sealed class S3LakeStorageTests : IClassFixture<S3Server>
{
    private readonly S3Server _server;

    public S3LakeStorageTests(S3Server server) => _server = server;

    private S3LakeStorage Storage(string prefix) => new(_server.Client(), S3Server.Bucket, prefix, ownsClient: true);

    [Fact]
    public async Task Objects_round_trip_and_put_if_absent_keeps_the_first()
    {
        using var s3 = Storage("t1/lake");
        Assert.Equal("s3://lake/t1/lake", s3.Root);
        Assert.Null(await s3.ReadAsync("a/_delta_log/00000000000000000000.json"));

        Assert.True(await s3.PutIfAbsentAsync("a/_delta_log/00000000000000000000.json", "first"u8.ToArray()));
        Assert.False(await s3.PutIfAbsentAsync("a/_delta_log/00000000000000000000.json", "second"u8.ToArray()));
        Assert.Equal("first", Encoding.UTF8.GetString((await s3.ReadAsync("a/_delta_log/00000000000000000000.json"))!));

        Assert.True(await s3.PutIfAbsentAsync("a/x.parquet", new byte[3]));
        Assert.Equal(["a/_delta_log/00000000000000000000.json", "a/x.parquet"], (await s3.ListAsync("a/")).Select(o => o.Key));
        Assert.Equal(3, (await s3.ListAsync("a/x")).Single().Size);
        await s3.DeleteAsync("a/x.parquet");
        Assert.Single(await s3.ListAsync("a/"));
    }

    [Fact]
    public async Task A_run_lands_its_lake_on_S3_and_DuckDB_reads_it_back()
    {
        using var s3 = Storage("runs/one");
        using var run = new LakeRun(RepoPaths.Rees46Sample, storage: s3);
        Assert.All(run.Tables, t => Assert.Equal(0, t.Version));
        Assert.Contains((await s3.ListAsync("silver/events/")).Select(o => o.Key), k => k.StartsWith("silver/events/event_date=2019-10-01/", StringComparison.Ordinal));

        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        using var cache = new TempFolder();
        await LakeViews.CreateAsync(connection, s3, new LakeReadOptions(), cache.Path);
        Assert.Equal(5000L, connection.Scalar("SELECT count(*) FROM bronze_events"));
        Assert.Equal(4997L, connection.Scalar("SELECT count(*) FROM silver_events"));
        Assert.Equal(1753L, connection.Scalar("SELECT count(*) FROM (SELECT DISTINCT user_id, session_start FROM silver_events)"));
        Assert.Equal(14786.59m, connection.Scalar("SELECT sum(revenue) FROM gold_profiles"));

        // The log on S3 is the same protocol as on disk; a second commit of version 0 loses.
        var table = LakeTables.GoldProfiles.Open(s3);
        var snapshot = (await table.SnapshotAsync())!;
        var again = DeltaTableWriter.NextCommit(table, null, new DeltaWriteOptions { Schema = LakeTables.GoldProfiles.Schema }, snapshot.Files);
        await Assert.ThrowsAsync<DeltaConflictException>(() => table.CommitAsync(again));
    }

    [Fact]
    public async Task Only_the_views_asked_for_are_fetched_and_a_damaged_file_is_named_by_its_place_in_the_lake()
    {
        using var s3 = Storage("runs/fetch");
        using var run = new LakeRun(RepoPaths.Rees46Sample, storage: s3);
        var profiles = (await LakeTables.GoldProfiles.Open(s3).SnapshotAsync())!;
        string damaged = LakeTables.GoldProfiles.Path + "/" + profiles.Files[0].Path;
        await s3.DeleteAsync(damaged);
        Assert.True(await s3.PutIfAbsentAsync(damaged, new byte[1000])); // no Parquet footer

        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        using var cache = new TempFolder();
        var unreadable = new List<string>();
        await LakeViews.CreateAsync(connection, s3, new LakeReadOptions(), cache.Path, unavailable: (t, ex) => unreadable.Add(ex.Message), fetch: v => v is "silver_events" or "gold_profiles");

        Assert.Equal(4997L, connection.Scalar("SELECT count(*) FROM silver_events"));
        // A count of one table downloaded every table's files (bronze's 6 MB for a 5,000-row sample).
        var fetched = Directory.GetFiles(cache.Path, "*.parquet", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(cache.Path, f)).ToList();
        Assert.NotEmpty(fetched);
        Assert.All(fetched, f => Assert.True(f.StartsWith("silver", StringComparison.Ordinal) || f.StartsWith("gold", StringComparison.Ordinal), f));
        Assert.DoesNotContain(fetched, f => f.StartsWith("bronze", StringComparison.Ordinal) || f.StartsWith(Path.Combine("gold", "sessions"), StringComparison.Ordinal));
        var error = Assert.Throws<DuckDbException>(() => connection.Scalar("SELECT count(*) FROM bronze_events"));
        Assert.Contains(LakeViews.NotFetched("bronze_events"), error.Message, StringComparison.Ordinal);
        Assert.Equal(2L, connection.Scalar("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('bronze_events', 'gold_hourly_metrics')")); // listed all the same

        // The temporary copy's name said nothing of where the file is.
        string told = Assert.Single(unreadable);
        Assert.Contains($"'s3://lake/runs/fetch/{damaged}'", told, StringComparison.Ordinal);
        Assert.DoesNotContain(cache.Path, told, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_gone_from_S3_fails_only_the_view_that_reads_it_and_an_empty_prefix_holds_no_run()
    {
        using var s3 = Storage("runs/gone");
        Assert.False(await LakeTables.AnyRunAsync(s3)); // a mistyped prefix read as an empty lake, exit 0
        using var run = new LakeRun(RepoPaths.Rees46Sample, storage: s3);
        Assert.True(await LakeTables.AnyRunAsync(s3));
        var sessions = (await LakeTables.GoldSessions.Open(s3).SnapshotAsync())!;
        await s3.DeleteAsync(LakeTables.GoldSessions.Path + "/" + sessions.Files[0].Path); // as a vacuum of a version no longer shown

        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        using var cache = new TempFolder();
        await LakeViews.CreateAsync(connection, s3, new LakeReadOptions(), cache.Path); // was: "S3 download ... failed", every query stopped

        Assert.Equal(1747L, connection.Scalar("SELECT count(*) FROM gold_profiles"));
        var error = Assert.Throws<DuckDbException>(() => connection.Scalar("SELECT count(*) FROM gold_sessions"));
        Assert.Contains("gold/sessions version 0 can no longer be read: its file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lake_serving_store_answers_from_a_lake_on_S3()
    {
        using var s3 = Storage("runs/served");
        using var run = new LakeRun(RepoPaths.Rees46Sample, storage: s3);
        using var store = new LakeServingStore(s3, TimeSpan.Zero);
        var top = run.Result.Profiles.OrderByDescending(p => p.Revenue).ThenBy(p => p.UserId).First();

        var summary = await store.SummaryAsync();
        var page = await store.SearchProfilesAsync(new ProfileQuery { Sort = ProfileSort.RevenueDescending, PageSize = 1 });

        Assert.Equal(run.Result.Summary.Users, summary!.Users);
        Assert.Equal(run.Result.Summary.EventsByType, summary.EventsByType);
        Assert.Equal(top, await store.ProfileAsync(top.UserId));
        Assert.Equal(1747, page.Total);
        Assert.Equal(top, page.Items.Single());
        Assert.Equal(run.Result.HourlyMetrics, await store.HourlyMetricsAsync(null, null));
    }
}
