using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;
using ShopStream.Lake.Tables;
using ShopStream.Tests;

namespace ShopStream.Lake.Tests.Runs;

/// <summary>
/// A run that stops between its tables' commits (killed, or its upload failed) shows none of them to ShopStream's
/// readers: they used to show bronze from the new run beside silver and gold from the old one.
/// </summary>
public sealed class LakeCutTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly DuckDbDatabase _db = DuckDbDatabase.Open();
    private readonly DuckDbConnection _connection;

    public LakeCutTests() => _connection = _db.Connect();

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
        _temp.Dispose();
    }

    private string Small()
    {
        string small = _temp.File("small.csv");
        File.WriteAllLines(small, File.ReadLines(RepoPaths.Rees46Sample).Take(101));
        return small;
    }

    // bronze, silver, profiles and the summary's users as the views show them.
    private (long Bronze, long Silver, long Profiles, long SummaryUsers) Shown(ILakeStorage storage, LakeReadOptions? options = null)
    {
        LakeViews.CreateAsync(_connection, storage, options ?? new LakeReadOptions(), _temp.File("cache")).GetAwaiter().GetResult();
        long Count(string sql) => (long)_connection.Scalar(sql)!;
        return (Count("SELECT count(*) FROM bronze_events"), Count("SELECT count(*) FROM silver_events"), Count("SELECT count(*) FROM gold_profiles"),
            Count("SELECT users FROM gold_run_summary"));
    }

    [Fact]
    public async Task A_run_stopped_before_its_summary_commit_shows_none_of_its_tables_and_the_next_run_shows_all()
    {
        using var first = new LakeRun(RepoPaths.Rees46Sample);
        Assert.Equal("gold/run_summary", first.Tables[^1].Table); // the run's last commit, which names the others' versions

        Assert.Throws<IOException>(() => new LakeRun(Small(), storage: new SummaryCommitFails(first.Storage)));

        // Each other table took the stopped run's commit...
        Assert.Equal(100, (await LakeTables.BronzeEvents.Open(first.Storage).SnapshotAsync())!.NumRecords);
        Assert.Equal(1, (await LakeTables.SilverEvents.Open(first.Storage).SnapshotAsync())!.Version);
        // ...but the readers show the first run's, every table alike (the views showed 100 bronze rows beside 4,997 silver ones).
        Assert.Equal((5000L, 4997L, 1747L, 1747L), Shown(first.Storage));

        using var next = new LakeRun(Small(), storage: first.Storage);
        var shown = Shown(first.Storage);
        Assert.Equal(100L, shown.Bronze);
        Assert.Equal(shown.Profiles, shown.SummaryUsers);
        Assert.Equal(next.Result.Summary.Users, shown.Profiles);
    }

    [Fact]
    public async Task Compactions_after_the_run_are_shown_and_vacuum_keeps_the_files_of_the_versions_shown()
    {
        using var first = new LakeRun(RepoPaths.Rees46Sample, configure: b => b.WithRowsPerFile(1000));
        var bronze = LakeTables.BronzeEvents.Open(first.Storage);
        var compacted = await DeltaMaintenance.CompactAsync(_connection, bronze, _temp.File("staging"));
        Assert.NotNull(compacted);

        var cut = await LakeCut.ResolveAsync(first.Storage);
        Assert.Equal(compacted.Version, cut![LakeTables.BronzeEvents]); // a compaction keeps the rows: it is shown

        Assert.Throws<IOException>(() => new LakeRun(Small(), storage: new SummaryCommitFails(first.Storage)));
        Assert.Equal(compacted.Version, (await LakeCut.ResolveAsync(first.Storage))![LakeTables.BronzeEvents]);

        // The stopped run replaced bronze's files; vacuum deletes what no version shown uses, and keeps the rest.
        var deleted = await DeltaMaintenance.VacuumAsync(bronze, TimeSpan.Zero, DateTime.UtcNow.AddSeconds(1), keep: compacted.Version);
        Assert.Equal(5, deleted.Count); // the five files of 1,000 rows the compaction replaced
        Assert.Equal((5000L, 4997L, 1747L, 1747L), Shown(first.Storage));
    }

    [Fact]
    public void Time_travel_by_time_shows_the_run_that_had_finished_by_then()
    {
        using var first = new LakeRun(RepoPaths.Rees46Sample);
        Assert.Throws<IOException>(() => new LakeRun(Small(), storage: new SummaryCommitFails(first.Storage)));
        Thread.Sleep(20); // commit times are in milliseconds
        DateTime between = DateTime.UtcNow; // after the stopped run's commits, before the next run's
        Thread.Sleep(20);
        using var next = new LakeRun(Small(), storage: first.Storage);

        Assert.Equal((5000L, 4997L, 1747L, 1747L), Shown(first.Storage, new LakeReadOptions { AsOf = between }));
        Assert.Equal(100L, Shown(first.Storage).Bronze);
    }

    [Fact]
    public async Task A_lake_whose_runs_recorded_no_versions_shows_each_tables_latest()
    {
        using var first = new LakeRun(RepoPaths.Rees46Sample);
        // As a lake written before runs recorded their tables' versions: the summary's commit without them.
        var summary = LakeTables.GoldRunSummary.Open(first.Storage);
        WithoutUserMetadata(first.Storage.LocalPath(summary.LogKey(0))!);

        Assert.Null(await LakeCut.ResolveAsync(first.Storage));
        Assert.Equal((5000L, 4997L, 1747L, 1747L), Shown(first.Storage));
    }

    [Fact]
    public async Task A_lake_from_before_the_run_summary_existed_shows_each_tables_latest()
    {
        using var first = new LakeRun(RepoPaths.Rees46Sample);
        // As such a build wrote it: no run summary, no run marks in the commits.
        Directory.Delete(Path.Combine(first.LakeRoot, "gold", "run_summary"), recursive: true);
        foreach (string log in Directory.GetFiles(first.LakeRoot, "*.json", SearchOption.AllDirectories))
            WithoutUserMetadata(log);

        Assert.Empty((await LakeCut.ResolveAsync(first.Storage))!); // no run finished, and none of these is a run's: each latest stands
        await LakeViews.CreateAsync(_connection, first.Storage, new LakeReadOptions(), _temp.File("cache"));
        Assert.Equal(5000L, _connection.Scalar("SELECT count(*) FROM bronze_events"));
        Assert.Equal(1747L, _connection.Scalar("SELECT count(*) FROM gold_profiles"));
    }

    [Fact]
    public async Task A_first_run_stopped_before_its_summary_commit_shows_every_table_empty()
    {
        var lake = new LocalLakeStorage(_temp.File("lake"));
        Assert.Throws<IOException>(() => new LakeRun(RepoPaths.Rees46Sample, storage: new SummaryCommitFails(lake)));

        var cut = (await LakeCut.ResolveAsync(lake))!;
        Assert.Equal(LakeTables.All.Count - 1, cut.Count); // every table but the summary, which has no commit
        Assert.All(cut.Values, v => Assert.Equal(-1, v));
        await LakeViews.CreateAsync(_connection, lake, new LakeReadOptions(), _temp.File("cache"));
        // The views showed its 5,000 bronze rows beside an empty run summary.
        Assert.Equal(0L, _connection.Scalar("SELECT count(*) FROM bronze_events"));
        Assert.Equal(0L, _connection.Scalar("SELECT count(*) FROM gold_profiles"));
        Assert.Equal(0L, _connection.Scalar("SELECT count(*) FROM gold_run_summary"));
    }

    [Fact]
    public async Task A_damaged_entry_after_a_tables_version_stops_that_table_alone()
    {
        using var first = new LakeRun(RepoPaths.Rees46Sample);
        File.WriteAllText(first.Storage.LocalPath(LakeTables.BronzeEvents.Open(first.Storage).LogKey(1))!, "not json\n");

        var cut = (await LakeCut.ResolveAsync(first.Storage))!; // was a FormatException for every table

        Assert.Equal(0, cut[LakeTables.BronzeEvents]);
        Assert.Equal(0, cut[LakeTables.GoldProfiles]);
        Assert.Equal([LakeTables.GoldProfiles], (await LakeCut.ResolveAsync(first.Storage, tables: [LakeTables.GoldProfiles]))!.Keys);
    }

    // A log entry as an older build wrote it: commitInfo without userMetadata.
    private static void WithoutUserMetadata(string log) =>
        File.WriteAllLines(log, File.ReadLines(log).Select(l => System.Text.RegularExpressions.Regex.Replace(l, "\"userMetadata\":\"(\\\\.|[^\"\\\\])*\",", "")).ToList());

    // Every write goes through but the run summary's commit, as when a run is killed just before it.
    private sealed class SummaryCommitFails(ILakeStorage inner) : ILakeStorage
    {
        public string Root => inner.Root;

        public string? LocalPath(string key) => inner.LocalPath(key);

        public Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
            key.StartsWith(LakeTables.GoldRunSummary.Path + "/_delta_log/", StringComparison.Ordinal)
                ? throw new IOException("killed before the summary's commit")
                : inner.PutIfAbsentAsync(key, content, cancellationToken);

        public Task UploadAsync(string key, string localFile, CancellationToken cancellationToken = default) => inner.UploadAsync(key, localFile, cancellationToken);

        public Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default) => inner.ReadAsync(key, cancellationToken);

        public Task<IReadOnlyList<LakeObject>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

        public Task<string> MaterializeAsync(string key, string cacheFolder, CancellationToken cancellationToken = default) => inner.MaterializeAsync(key, cacheFolder, cancellationToken);
    }
}
