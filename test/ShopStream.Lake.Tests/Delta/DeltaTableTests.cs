using System.Text.Json;
using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;
using ShopStream.Tests;

namespace ShopStream.Lake.Tests.Delta;

public sealed class DeltaTableTests : IDisposable
{
    private static readonly DeltaSchema s_schema = new([new("id", "long", false), new("name", "string"), new("day", "date", false)]);
    private readonly TempFolder _folder = new();
    private readonly DuckDbDatabase _db = DuckDbDatabase.Open();
    private readonly DuckDbConnection _connection;
    private readonly LocalLakeStorage _storage;
    private readonly DeltaTableWriter _writer;

    public DeltaTableTests()
    {
        _connection = _db.Connect();
        _storage = new LocalLakeStorage(_folder.File("lake"));
        _writer = new DeltaTableWriter(_connection, _folder.File("staging"));
    }

    private static string Rows(int from, int count) =>
        $"SELECT range AS id, 'n' || range AS name, DATE '2019-10-01' + (range % 3)::INTEGER AS day FROM range({from}, {from + count})";

    [Fact]
    public async Task First_commit_holds_protocol_metadata_and_adds_with_row_counts()
    {
        var table = new DeltaTable(_storage, "t/plain");
        var commit = await _writer.WriteAsync(table, Rows(0, 100), new DeltaWriteOptions { Schema = s_schema });

        Assert.Equal(0, commit.Version);
        string log = File.ReadAllText(_folder.File("lake/t/plain/_delta_log/00000000000000000000.json"));
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("WRITE", lines[0].GetProperty("commitInfo").GetProperty("operation").GetString());
        Assert.False(lines[0].GetProperty("commitInfo").GetProperty("isBlindAppend").GetBoolean()); // an overwrite, as Spark marks it, though it removes nothing
        var protocol = lines.Single(l => l.TryGetProperty("protocol", out _)).GetProperty("protocol");
        Assert.Equal(1, protocol.GetProperty("minReaderVersion").GetInt32());
        Assert.Equal(2, protocol.GetProperty("minWriterVersion").GetInt32());
        var meta = lines.Single(l => l.TryGetProperty("metaData", out _)).GetProperty("metaData");
        Assert.Equal("parquet", meta.GetProperty("format").GetProperty("provider").GetString());
        var schema = JsonDocument.Parse(meta.GetProperty("schemaString").GetString()!).RootElement;
        Assert.Equal("struct", schema.GetProperty("type").GetString());
        Assert.Equal(["id:long", "name:string", "day:date"], schema.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString() + ":" + f.GetProperty("type").GetString()));
        var add = lines.Single(l => l.TryGetProperty("add", out _)).GetProperty("add");
        string path = add.GetProperty("path").GetString()!;
        Assert.EndsWith(".parquet", path, StringComparison.Ordinal);
        Assert.Equal(new FileInfo(_folder.File("lake/t/plain/" + path)).Length, add.GetProperty("size").GetInt64());
        Assert.True(add.GetProperty("dataChange").GetBoolean());
        Assert.Equal(100, JsonDocument.Parse(add.GetProperty("stats").GetString()!).RootElement.GetProperty("numRecords").GetInt64());
    }

    [Fact]
    public async Task DuckDB_reads_a_partitioned_table_through_its_log()
    {
        var table = new DeltaTable(_storage, "t/parts");
        var options = new DeltaWriteOptions { Schema = s_schema, PartitionColumns = ["day"] };
        var commit = await _writer.WriteAsync(table, Rows(0, 300), options);

        Assert.Equal(3, commit.Adds.Count);
        Assert.All(commit.Adds, a => Assert.StartsWith("day=" + a.PartitionValues["day"] + "/", a.Path, StringComparison.Ordinal));
        Assert.Equal(300, commit.Adds.Sum(a => a.NumRecords));
        var snapshot = (await table.SnapshotAsync())!;
        await DeltaView.CreateAsync(_connection, "parts", table, snapshot, _folder.Path);
        Assert.Equal(300L, _connection.Scalar("SELECT count(*) FROM parts"));
        Assert.Equal(100L, _connection.Scalar("SELECT count(*) FROM parts WHERE day = DATE '2019-10-02'"));
        Assert.Equal(DuckDbType.Date, ColumnType("SELECT day FROM parts"));
        Assert.Equal(300L * 299 / 2, _connection.Scalar("SELECT sum(id)::BIGINT FROM parts"));
    }

    [Fact]
    public async Task Overwrite_removes_the_old_files_and_time_travel_still_reads_them()
    {
        var table = new DeltaTable(_storage, "t/over");
        await _writer.WriteAsync(table, Rows(0, 10), new DeltaWriteOptions { Schema = s_schema });
        var second = await _writer.WriteAsync(table, Rows(100, 5), new DeltaWriteOptions { Schema = s_schema });

        Assert.Equal(1, second.Version);
        Assert.Single(second.Removes);
        Assert.Null(second.Metadata);
        await DeltaView.CreateAsync(_connection, "now", table, (await table.SnapshotAsync())!, _folder.Path);
        await DeltaView.CreateAsync(_connection, "then", table, (await table.SnapshotAsync(0))!, _folder.Path);
        Assert.Equal(5L, _connection.Scalar("SELECT count(*) FROM now"));
        Assert.Equal(100L, _connection.Scalar("SELECT min(id) FROM now"));
        Assert.Equal(10L, _connection.Scalar("SELECT count(*) FROM \"then\""));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => table.SnapshotAsync(7));
    }

    [Fact]
    public async Task Appending_with_an_added_nullable_column_keeps_old_files_readable()
    {
        var table = new DeltaTable(_storage, "t/evolve");
        await _writer.WriteAsync(table, Rows(0, 10), new DeltaWriteOptions { Schema = s_schema, Mode = DeltaWriteMode.Append });
        var wider = new DeltaSchema([.. s_schema.Fields, new DeltaField("note", "string")]);
        var second = await _writer.WriteAsync(table, Rows(10, 10).Replace(" FROM range", ", 'new' AS note FROM range", StringComparison.Ordinal), new DeltaWriteOptions { Schema = wider, Mode = DeltaWriteMode.Append });

        Assert.NotNull(second.Metadata);
        Assert.Empty(second.Removes);
        var snapshot = (await table.SnapshotAsync())!;
        Assert.Equal(2, snapshot.Files.Count);
        Assert.Equal("note", snapshot.Metadata.Schema.Fields[^1].Name);
        await DeltaView.CreateAsync(_connection, "evolved", table, snapshot, _folder.Path);
        Assert.Equal(20L, _connection.Scalar("SELECT count(*) FROM evolved"));
        Assert.Equal(10L, _connection.Scalar("SELECT count(*) FROM evolved WHERE note IS NULL AND id < 10"));
        Assert.Equal(10L, _connection.Scalar("SELECT count(*) FROM evolved WHERE note = 'new'"));

        // Dropping a column is not an evolution: an append that would do it is refused.
        var narrower = new DeltaSchema([s_schema.Fields[0], s_schema.Fields[2]]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _writer.WriteAsync(table, "SELECT 1::BIGINT AS id, DATE '2019-10-01' AS day", new DeltaWriteOptions { Schema = narrower, Mode = DeltaWriteMode.Append }));
    }

    [Fact]
    public async Task A_log_missing_a_middle_version_or_holding_an_empty_one_is_refused_not_replayed()
    {
        var table = new DeltaTable(_storage, "t/gap");
        for (int i = 0; i < 3; i++)
            await _writer.WriteAsync(table, Rows(10 * i, 10), new DeltaWriteOptions { Schema = s_schema });
        string log = Path.Combine(_folder.File("lake"), "t", "gap", DeltaTable.LogFolder);
        File.Move(Path.Combine(log, "00000000000000000001.json"), _folder.File("v1.json"));

        // Replayed across the gap, version 0's file (replaced by 1) counted again beside version 2's: 20 rows, not 10.
        var gap = await Assert.ThrowsAsync<InvalidDataException>(() => table.SnapshotAsync());
        Assert.Equal("t/gap: the log has no version 1 but has 2: a commit's entry is missing, and reading past it would show replaced files again", gap.Message);
        await Assert.ThrowsAsync<InvalidDataException>(() => table.SnapshotAsync(2));
        Assert.Equal(0, (await table.SnapshotAsync(0))!.Version); // the versions before the gap still read

        File.Move(_folder.File("v1.json"), Path.Combine(log, "00000000000000000001.json"));
        File.WriteAllBytes(Path.Combine(log, "00000000000000000003.json"), []);
        var empty = await Assert.ThrowsAsync<FormatException>(() => table.SnapshotAsync());
        Assert.Equal("t/gap: Delta log version 3 is empty: the entry is damaged", empty.Message); // it named no table
    }

    [Fact]
    public async Task Files_written_without_a_commit_are_invisible()
    {
        var table = new DeltaTable(_storage, "t/crash");
        var options = new DeltaWriteOptions { Schema = s_schema };
        await _writer.WriteAsync(table, Rows(0, 10), options);

        // A writer that dies between writing its files and committing them: the files are there, the log is not.
        var orphans = await _writer.WriteFilesAsync(table, Rows(1000, 50), options);
        Assert.True(File.Exists(_folder.File("lake/t/crash/" + orphans[0].Path)));

        var snapshot = (await table.SnapshotAsync())!;
        Assert.Equal(0, snapshot.Version);
        await DeltaView.CreateAsync(_connection, "crash", table, snapshot, _folder.Path);
        Assert.Equal(10L, _connection.Scalar("SELECT count(*) FROM crash"));
    }

    [Fact]
    public async Task Two_writers_committing_the_same_version_one_wins()
    {
        var table = new DeltaTable(_storage, "t/race");
        var options = new DeltaWriteOptions { Schema = s_schema, Mode = DeltaWriteMode.Append };
        await _writer.WriteAsync(table, Rows(0, 1), options);
        var snapshot = await table.SnapshotAsync();
        var a = DeltaTableWriter.NextCommit(table, snapshot, options, await _writer.WriteFilesAsync(table, Rows(10, 1), options));
        var b = DeltaTableWriter.NextCommit(table, snapshot, options, await _writer.WriteFilesAsync(table, Rows(20, 1), options));

        await table.CommitAsync(a);
        await Assert.ThrowsAsync<DeltaConflictException>(() => table.CommitAsync(b));
        var latest = (await table.SnapshotAsync())!;
        Assert.Equal(1, latest.Version);
        Assert.Equal(2, latest.NumRecords);
    }

    [Fact]
    public async Task A_table_without_rows_reads_as_an_empty_view_with_its_columns()
    {
        var table = new DeltaTable(_storage, "t/empty");
        await _writer.WriteAsync(table, Rows(0, 0), new DeltaWriteOptions { Schema = s_schema, PartitionColumns = ["day"] });
        var snapshot = (await table.SnapshotAsync())!;
        Assert.Empty(snapshot.Files);
        await DeltaView.CreateAsync(_connection, "empty", table, snapshot, _folder.Path);
        Assert.Equal(0L, _connection.Scalar("SELECT count(*) FROM empty"));
        Assert.Equal(DuckDbType.Date, ColumnType("SELECT day FROM empty"));
    }

    [Fact]
    public async Task An_append_beaten_to_its_version_commits_at_the_next_but_an_overwrite_does_not()
    {
        // Two `jobs run` at once: the loser's append to gold/job_runs failed, and its run history was lost.
        var append = new DeltaWriteOptions { Schema = s_schema, Mode = DeltaWriteMode.Append };
        var table = new DeltaTable(_storage, "t/race");
        await _writer.WriteAsync(table, Rows(0, 10), append);
        var raced = new DeltaTable(new RacedStorage(_storage, () => _writer.WriteAsync(table, Rows(100, 5), append)), "t/race");

        var commit = await _writer.WriteAsync(raced, Rows(200, 20), append);

        Assert.Equal(2, commit.Version); // version 1 went to the other writer
        await DeltaView.CreateAsync(_connection, "raced", table, (await table.SnapshotAsync())!, _folder.Path);
        Assert.Equal(35L, _connection.Scalar("SELECT count(*) FROM raced"));
        Assert.Equal(20L, _connection.Scalar("SELECT count(*) FROM raced WHERE id >= 200"));

        // An overwrite's rows may depend on what it read: it is the caller's to run again.
        var overwritten = new DeltaTable(new RacedStorage(_storage, () => _writer.WriteAsync(table, Rows(300, 1), append)), "t/race");
        await Assert.ThrowsAsync<DeltaConflictException>(() => _writer.WriteAsync(overwritten, Rows(400, 1), new DeltaWriteOptions { Schema = s_schema }));
        Assert.Equal(3, (await table.SnapshotAsync())!.Version);
    }

    [Fact]
    public async Task A_write_after_the_version_it_read_conflicts_once_another_commit_followed_that_version()
    {
        var table = new DeltaTable(_storage, "t/read");
        var overwrite = new DeltaWriteOptions { Schema = s_schema };
        await _writer.WriteAsync(table, Rows(0, 10), overwrite with { ReadVersion = -1 }); // a new table
        await _writer.WriteAsync(table, Rows(10, 10), overwrite); // version 1, another writer's

        // Rows decided against version 0 (or against no table) must not replace version 1.
        await Assert.ThrowsAsync<DeltaConflictException>(() => _writer.WriteAsync(table, Rows(20, 10), overwrite with { ReadVersion = 0 }));
        await Assert.ThrowsAsync<DeltaConflictException>(() => _writer.WriteAsync(table, Rows(20, 10), overwrite with { ReadVersion = -1 }));
        // An append decided against version 0 is not moved past version 1 either, as a blind append is.
        await Assert.ThrowsAsync<DeltaConflictException>(() => _writer.WriteAsync(table, Rows(20, 10), overwrite with { ReadVersion = 0, Mode = DeltaWriteMode.Append }));
        var one = (await table.SnapshotAsync())!;
        Assert.Equal(1, one.Version);

        var commit = await _writer.WriteAsync(table, Rows(30, 10), overwrite with { ReadVersion = 1 });
        Assert.Equal(2, commit.Version);
        Assert.Equal(one.Files.Select(f => f.Path).Order(), commit.Removes.Select(r => r.Path).Order()); // version 1's files replaced
    }

    [Fact]
    public async Task A_long_log_is_read_several_entries_at_once_and_replayed_in_order()
    {
        var table = new DeltaTable(_storage, "t/long");
        for (int i = 0; i < 40; i++)
            await _writer.WriteAsync(table, Rows(10 * i, 10), new DeltaWriteOptions { Schema = s_schema, Mode = i % 5 == 0 ? DeltaWriteMode.Overwrite : DeltaWriteMode.Append });
        var slow = new SlowReads(_storage, _ => 20);

        var snapshot = await new DeltaTable(slow, "t/long").SnapshotAsync();

        Assert.Equal(39, snapshot!.Version);
        Assert.Equal(50, snapshot.Files.Sum(f => f.NumRecords)); // the overwrite at 35, then four appends: replayed in order
        Assert.InRange(slow.MostAtOnce, 2, DeltaTable.LogReadsAtOnce); // they were read one at a time, a round trip each on S3

        // Two damaged entries, the earlier one slower to read: it is still the one reported, as when they were read in
        // order, and the entries after the first failure are not read (a server gone quiet: each waited its timeout).
        string log = Path.Combine(_folder.File("lake"), "t", "long", DeltaTable.LogFolder);
        File.WriteAllText(Path.Combine(log, "00000000000000000005.json"), "garbage\n");
        File.WriteAllText(Path.Combine(log, "00000000000000000003.json"), "garbage\n");
        var late = new SlowReads(_storage, key => key.EndsWith("00000000000000000003.json", StringComparison.Ordinal) ? 500 : 20);
        var damaged = await Assert.ThrowsAsync<FormatException>(() => new DeltaTable(late, "t/long").SnapshotAsync());
        Assert.StartsWith("t/long: Delta log version 3", damaged.Message, StringComparison.Ordinal);
        Assert.True(late.Reads < 40, $"{late.Reads} entries read"); // a wave or two after the failure at most, under load
    }

    // Storage whose reads take delayMs(key) each, counting them and how many run at once.
    private sealed class SlowReads(ILakeStorage inner, Func<string, int> delayMs) : ILakeStorage
    {
        private int _now;
        private int _reads;

        public int MostAtOnce { get; private set; }

        public int Reads => _reads;

        public string Root => inner.Root;

        public string? LocalPath(string key) => inner.LocalPath(key);

        public Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.PutIfAbsentAsync(key, content, cancellationToken);

        public Task UploadAsync(string key, string localFile, CancellationToken cancellationToken = default) => inner.UploadAsync(key, localFile, cancellationToken);

        public async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default)
        {
            int now = Interlocked.Increment(ref _now);
            Interlocked.Increment(ref _reads);
            lock (this)
                MostAtOnce = Math.Max(MostAtOnce, now);
            await Task.Delay(delayMs(key), cancellationToken);
            Interlocked.Decrement(ref _now);
            return await inner.ReadAsync(key, cancellationToken);
        }

        public Task<IReadOnlyList<LakeObject>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

        public Task<string> MaterializeAsync(string key, string cacheFolder, CancellationToken cancellationToken = default) => inner.MaterializeAsync(key, cacheFolder, cancellationToken);
    }

    // Storage on which another writer commits just before this one's first log entry is put.
    private sealed class RacedStorage(ILakeStorage inner, Func<Task> otherWriter) : ILakeStorage
    {
        private bool _raced;

        public string Root => inner.Root;

        public string? LocalPath(string key) => inner.LocalPath(key);

        public async Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
        {
            if (!_raced && key.Contains("/_delta_log/", StringComparison.Ordinal))
            {
                _raced = true;
                await otherWriter();
            }

            return await inner.PutIfAbsentAsync(key, content, cancellationToken);
        }

        public Task UploadAsync(string key, string localFile, CancellationToken cancellationToken = default) => inner.UploadAsync(key, localFile, cancellationToken);

        public Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default) => inner.ReadAsync(key, cancellationToken);

        public Task<IReadOnlyList<LakeObject>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

        public Task<string> MaterializeAsync(string key, string cacheFolder, CancellationToken cancellationToken = default) => inner.MaterializeAsync(key, cacheFolder, cancellationToken);
    }

    [Fact]
    public async Task A_commit_file_round_trips_through_the_codec()
    {
        var table = new DeltaTable(_storage, "t/codec");
        var commit = await _writer.WriteAsync(table, Rows(0, 30), new DeltaWriteOptions { Schema = s_schema, PartitionColumns = ["day"] });
        var read = DeltaLogCodec.Read(0, File.ReadAllBytes(_folder.File("lake/t/codec/_delta_log/00000000000000000000.json")));
        Assert.True(read.Protocol);
        Assert.Equal(commit.Adds.Select(a => (a.Path, a.Size, a.NumRecords, a.PartitionValues["day"])), read.Adds.Select(a => (a.Path, a.Size, a.NumRecords, a.PartitionValues["day"])));
        Assert.True(read.Metadata!.Schema.SameAs(s_schema));
        Assert.Equal(["day"], read.Metadata.PartitionColumns);
        Assert.Throws<FormatException>(() => DeltaLogCodec.Read(1, "{\"add\": {\"path\": 3"u8));
    }

    [Theory]
    [InlineData("{\"add\":{\"path\":\"x.parquet\",\"partitionValues\":{}}}")] // no size
    [InlineData("{\"add\":{\"path\":null,\"partitionValues\":{},\"size\":1,\"modificationTime\":1,\"dataChange\":true}}")]
    [InlineData("{\"add\":{\"path\":\"x.parquet\",\"partitionValues\":{},\"size\":1e40,\"modificationTime\":1,\"dataChange\":true}}")]
    public void A_damaged_action_is_named_by_version_and_line_in_words_not_dotnets(string line)
    {
        var ex = Assert.Throws<FormatException>(() => DeltaLogCodec.Read(4, System.Text.Encoding.UTF8.GetBytes("{\"commitInfo\":{}}\n" + line + "\n")));

        Assert.Equal("Delta log version 4, line 2: an action lacks a field it needs, or has one of the wrong type: the entry is damaged", ex.Message);
    }

    [Theory]
    [InlineData("../../bronze/events/part-0.parquet")]
    [InlineData("/tmp/part-0.parquet")]
    [InlineData("s3://elsewhere/part-0.parquet")]
    [InlineData("file:/tmp/part-0.parquet")] // Hadoop's absolute form
    [InlineData("C:/part-0.parquet")]
    [InlineData("event_date=2019-10-01/../../x.parquet")]
    public void A_data_file_outside_its_table_is_damage_named_by_version_and_line(string path)
    {
        string line = $"{{\"add\":{{\"path\":\"{path}\",\"partitionValues\":{{}},\"size\":1,\"modificationTime\":1,\"dataChange\":true}}}}";

        // It read, and every query of the lake then stopped with "not a lake key" (ArgumentException, exit 2).
        var ex = Assert.Throws<FormatException>(() => DeltaLogCodec.Read(4, System.Text.Encoding.UTF8.GetBytes("{\"commitInfo\":{}}\n" + line + "\n")));

        Assert.Equal($"Delta log version 4, line 2: the data file path '{path}' is not inside the table's folder: the entry is damaged", ex.Message);
    }

    private DuckDbType ColumnType(string sql)
    {
        using var r = _connection.Query(sql);
        return r.ColumnType(0);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
        _folder.Dispose();
    }
}
