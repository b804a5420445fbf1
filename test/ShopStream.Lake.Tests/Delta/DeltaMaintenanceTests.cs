using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;
using ShopStream.Tests;

namespace ShopStream.Lake.Tests.Delta;

public sealed class DeltaMaintenanceTests : IDisposable
{
    private static readonly DeltaSchema s_schema = new([new("id", "long", false), new("name", "string"), new("day", "date", false)]);
    private static readonly DeltaWriteOptions s_append = new() { Schema = s_schema, PartitionColumns = ["day"], Mode = DeltaWriteMode.Append };
    private readonly TempFolder _folder = new();
    private readonly DuckDbDatabase _db = DuckDbDatabase.Open();
    private readonly DuckDbConnection _connection;
    private readonly DeltaTable _table;
    private readonly DeltaTableWriter _writer;

    public DeltaMaintenanceTests()
    {
        _connection = _db.Connect();
        _table = new DeltaTable(new LocalLakeStorage(_folder.File("lake")), "t/events");
        _writer = new DeltaTableWriter(_connection, _folder.File("staging"));
    }

    private static string Rows(int from, int count) =>
        $"SELECT range AS id, 'n' || range AS name, DATE '2019-10-01' + (range % 2)::INTEGER AS day FROM range({from}, {from + count})";

    private async Task<long> Count(string view, long? version = null)
    {
        await DeltaView.CreateAsync(_connection, view, _table, (await _table.SnapshotAsync(version))!, _folder.Path);
        return (long)_connection.Scalar($"SELECT count(*) FROM {view}")!;
    }

    [Fact]
    public async Task A_vacuum_stopped_part_way_has_told_each_file_it_deleted()
    {
        // Four orphans (written, never committed); the storage fails the third delete, as S3 going away would.
        var orphans = (await _writer.WriteFilesAsync(_table, Rows(0, 100), s_append)).Concat(await _writer.WriteFilesAsync(_table, Rows(100, 100), s_append)).ToList();
        Assert.Equal(4, orphans.Count); // a file per day, two days each
        var told = new List<string>();
        var failing = new DeltaTable(new ThirdDeleteFails(_table.Storage), _table.Path);
        await _writer.WriteAsync(failing, Rows(1000, 10), s_append); // a log to vacuum against

        await Assert.ThrowsAsync<IOException>(() => DeltaMaintenance.VacuumAsync(failing, TimeSpan.Zero, DateTime.UtcNow.AddSeconds(1), deletedOne: told.Add));

        // Listed only once the table was done, a stop part way said nothing of the files already gone.
        Assert.Equal(2, told.Count);
        Assert.All(told, key => Assert.False(File.Exists(_folder.File("lake/" + key))));
        Assert.Equal(2, orphans.Count(o => File.Exists(_folder.File("lake/" + _table.Key(o.Path)))));
    }

    [Fact]
    public async Task A_table_never_committed_has_its_files_vacuumed_as_orphans_once_past_the_retention()
    {
        // A first write killed before its commit: no log, so vacuum returned at once and the files stayed for good.
        var orphans = await _writer.WriteFilesAsync(_table, Rows(0, 100), s_append);
        Assert.Null(await _table.SnapshotAsync());
        // Another tool's file by its name (Spark's), in a folder with no log: not ShopStream's to take for an orphan.
        string spark = _folder.File("lake/t/events/part-00000-6f1c3a52-7d1e-4c1b-9a41-0b7f3c2d9e10-c000.snappy.parquet");
        File.WriteAllText(spark, "x");

        Assert.Empty(await DeltaMaintenance.VacuumAsync(_table, TimeSpan.FromDays(7), DateTime.UtcNow));
        // A version known committed (the run summary's) with no log: the log went missing, and every file would go.
        await Assert.ThrowsAsync<InvalidDataException>(() => DeltaMaintenance.VacuumAsync(_table, TimeSpan.Zero, DateTime.UtcNow.AddSeconds(1), keep: 0));
        var deleted = await DeltaMaintenance.VacuumAsync(_table, TimeSpan.Zero, DateTime.UtcNow.AddSeconds(1));

        Assert.Equal(orphans.Select(o => _table.Key(o.Path)).Order(), deleted.Order());
        Assert.Equal([spark], Directory.GetFiles(_folder.File("lake/t/events"), "*.parquet", SearchOption.AllDirectories));
    }

    private sealed class ThirdDeleteFails(ILakeStorage inner) : ILakeStorage
    {
        private int _deletes;

        public string Root => inner.Root;

        public string? LocalPath(string key) => inner.LocalPath(key);

        public Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.PutIfAbsentAsync(key, content, cancellationToken);

        public Task UploadAsync(string key, string localFile, CancellationToken cancellationToken = default) => inner.UploadAsync(key, localFile, cancellationToken);

        public Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default) => inner.ReadAsync(key, cancellationToken);

        public Task<IReadOnlyList<LakeObject>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
            ++_deletes == 3 ? throw new IOException("the storage went away") : inner.DeleteAsync(key, cancellationToken);

        public Task<string> MaterializeAsync(string key, string cacheFolder, CancellationToken cancellationToken = default) => inner.MaterializeAsync(key, cacheFolder, cancellationToken);
    }

    [Fact]
    public async Task Compaction_merges_small_files_into_one_per_partition_and_keeps_every_row()
    {
        for (int i = 0; i < 4; i++)
            await _writer.WriteAsync(_table, Rows(i * 100, 100), s_append);
        Assert.Equal(8, (await _table.SnapshotAsync())!.Files.Count);

        var commit = await DeltaMaintenance.CompactAsync(_connection, _table, _folder.File("staging"));

        Assert.NotNull(commit);
        Assert.Equal(4, commit.Version);
        Assert.Equal("OPTIMIZE", commit.Operation);
        Assert.Equal(new Dictionary<string, string> { ["predicate"] = "[]", ["zOrderBy"] = "[]" }, commit.OperationParameters);
        Assert.All(commit.Adds, a => Assert.False(a.DataChange));
        Assert.Equal(8, commit.Removes.Count);
        var after = (await _table.SnapshotAsync())!;
        Assert.Equal(2, after.Files.Count);
        Assert.Equal(400, after.NumRecords);
        Assert.Equal(400L, await Count("now"));
        await DeltaView.CreateAsync(_connection, "before", _table, (await _table.SnapshotAsync(3))!, _folder.Path);
        Assert.Equal(0L, _connection.Scalar("SELECT count(*) FROM (SELECT * FROM now EXCEPT ALL SELECT * FROM before UNION ALL (SELECT * FROM before EXCEPT ALL SELECT * FROM now))"));

        // Nothing left to merge: no new commit.
        Assert.Null(await DeltaMaintenance.CompactAsync(_connection, _table, _folder.File("staging")));
        Assert.Equal(4, (await _table.SnapshotAsync())!.Version);
    }

    [Fact]
    public async Task A_compaction_of_a_version_another_writer_has_moved_past_is_a_conflict()
    {
        // Two compactions at once: the loser, deciding on the latest read again, said "nothing to compact (8 file(s) ...)"
        // of the version it had counted; deciding on that version, it conflicts at its commit instead.
        for (int i = 0; i < 4; i++)
            await _writer.WriteAsync(_table, Rows(i * 100, 100), s_append);
        var counted = (await _table.SnapshotAsync())!;
        Assert.NotNull(await DeltaMaintenance.CompactAsync(_connection, _table, _folder.File("staging")));

        await Assert.ThrowsAsync<DeltaConflictException>(() => DeltaMaintenance.CompactAsync(_connection, _table, _folder.File("staging"), snapshot: counted));

        var after = (await _table.SnapshotAsync())!;
        Assert.Equal(4, after.Version);
        Assert.Equal(400L, await Count("after"));
    }

    [Fact]
    public async Task Compaction_leaves_a_partition_already_in_one_file_as_it_is()
    {
        // Day one in three files, day two in one: day two's file was rewritten too, for nothing.
        const string DayOne = "SELECT range AS id, 'n' || range AS name, DATE '2019-10-01' AS day FROM range({0}, {1})";
        for (int i = 0; i < 3; i++)
            await _writer.WriteAsync(_table, string.Format(System.Globalization.CultureInfo.InvariantCulture, DayOne, i * 10, (i * 10) + 10), s_append);
        await _writer.WriteAsync(_table, "SELECT range + 100 AS id, 'x' AS name, DATE '2019-10-02' AS day FROM range(5)", s_append);
        var dayTwo = Assert.Single((await _table.SnapshotAsync())!.Files, f => f.PartitionValues["day"] == "2019-10-02");

        var commit = await DeltaMaintenance.CompactAsync(_connection, _table, _folder.File("staging"));

        Assert.NotNull(commit);
        Assert.Equal(3, commit.Removes.Count);
        Assert.DoesNotContain(commit.Removes, r => r.Path == dayTwo.Path);
        Assert.Equal("2019-10-01", Assert.Single(commit.Adds).PartitionValues["day"]);
        var after = (await _table.SnapshotAsync())!;
        Assert.Equal(2, after.Files.Count);
        Assert.Contains(after.Files, f => f.Path == dayTwo.Path);
        Assert.Equal(35L, await Count("compacted"));
    }

    [Fact]
    public async Task Vacuum_deletes_removed_and_orphan_files_past_the_retention_and_keeps_the_table()
    {
        await _writer.WriteAsync(_table, Rows(0, 50), s_append);
        await _writer.WriteAsync(_table, Rows(50, 50), s_append);
        await DeltaMaintenance.CompactAsync(_connection, _table, _folder.File("staging"));
        var orphans = await _writer.WriteFilesAsync(_table, Rows(1000, 10), s_append);
        Assert.Equal(4 + 2 + orphans.Count, Directory.GetFiles(_folder.File("lake/t/events"), "*.parquet", SearchOption.AllDirectories).Length);
        // Commit temps a killed writer left (written, never renamed): one older than LogTempAge, one maybe in flight.
        string killed = _folder.File("lake/t/events/_delta_log/00000000000000000004.json.0a1b2c3d4e5f60718293a4b5c6d7e8f9.tmp");
        string inFlight = _folder.File("lake/t/events/_delta_log/00000000000000000004.json.f9e8d7c6b5a4938271605f4e3d2c1b0a.tmp");
        File.WriteAllText(killed, "{}");
        File.SetLastWriteTimeUtc(killed, DateTime.UtcNow - DeltaMaintenance.LogTempAge - TimeSpan.FromMinutes(1));
        File.WriteAllText(inFlight, "{}");

        var kept = await DeltaMaintenance.VacuumAsync(_table, TimeSpan.FromDays(7), DateTime.UtcNow);
        Assert.Empty(kept);

        // Another tool's files, hidden as Delta's own VACUUM leaves them: never the table's to delete.
        string hidden = _folder.File("lake/t/events/.hidden.parquet"), underscored = _folder.File("lake/t/events/_change_data/part-0.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(underscored)!);
        File.WriteAllText(hidden, "x");
        File.WriteAllText(underscored, "x");

        var dry = await DeltaMaintenance.VacuumAsync(_table, TimeSpan.Zero, DateTime.UtcNow.AddSeconds(1), dryRun: true);
        Assert.Equal(4 + orphans.Count + 1, dry.Count);
        Assert.Equal(10, Directory.GetFiles(_folder.File("lake/t/events"), "*.parquet", SearchOption.AllDirectories).Length);

        var deleted = await DeltaMaintenance.VacuumAsync(_table, TimeSpan.Zero, DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(dry, deleted);
        Assert.All(orphans, o => Assert.Contains(_table.Key(o.Path), deleted));
        Assert.Equal(4, Directory.GetFiles(_folder.File("lake/t/events"), "*.parquet", SearchOption.AllDirectories).Length); // the table's 2 and the hidden 2
        Assert.False(File.Exists(killed));
        Assert.True(File.Exists(inFlight));
        Assert.True(File.Exists(hidden) && File.Exists(underscored)); // vacuum deleted both before
        File.Delete(hidden);
        Directory.Delete(Path.GetDirectoryName(underscored)!, recursive: true);
        Assert.Equal(100L, await Count("after"));
    }

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
        _folder.Dispose();
    }
}
