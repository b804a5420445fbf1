using System.Collections.Concurrent;
using System.Globalization;
using ShopStream.Core.Ingest;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Windows;
using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;
using ShopStream.Lake.Tables;

namespace ShopStream.Lake.Runs;

/// <summary>
/// Lands one run in the lake while it runs: <see cref="Observe"/> copies each batch of accepted events into a block
/// of a fixed pool and queues it; a writer thread writes bronze's Parquet files from the blocks as it goes
/// (<see cref="BronzeFeed"/>), so memory stays bounded (the pool, a set of fingerprints) and DuckDB works while .NET
/// parses. When the run is done, <see cref="FinishAsync"/> (once) writes silver from bronze's files, a day at a time
/// in parts on two threads (duplicates left out by input and line, each event's session start by a join to the run's
/// session that holds it), gold from the run's results (its summary too, as <c>gold/run_summary</c>) and quarantine
/// from the dead-letter file, and commits each table as one overwrite. Nothing is committed before then, so a run
/// that fails leaves the lake as it was (plus orphan files for vacuum).
/// </summary>
public sealed class LakeRunWriter : IDisposable
{
    private readonly ILakeStorage _storage;
    private readonly LakeRunOptions _options;
    private readonly DuckDbDatabase _db;
    private readonly DuckDbConnection _connection;
    private readonly DuckDbConnection _writerConnection;
    private readonly DeltaFileSet _bronzeFiles;
    private readonly BronzeFeed _bronze;
    private readonly EventBlockQueue _queue;
    private readonly CancellationTokenSource _abandon = new();
    private readonly Task _writer;

    internal LakeRunWriter(ILakeStorage storage, LakeRunOptions options)
    {
        _storage = storage;
        _options = options;
        Directory.CreateDirectory(options.StagingFolder);
        _db = DuckDbDatabase.Open();
        _connection = _db.Connect();
        _connection.Execute($"SET TimeZone = 'UTC'; SET memory_limit = {SqlText.Literal(options.MemoryLimit)}; SET threads = {options.Threads.ToString(CultureInfo.InvariantCulture)}; SET temp_directory = {SqlText.Literal(Path.Combine(options.StagingFolder, "duckdb"))}; SET preserve_insertion_order = false");
        _writerConnection = _db.Connect();
        _bronzeFiles = new DeltaFileSet(LakeTables.BronzeEvents.Open(storage), WriteOptions(LakeTables.BronzeEvents), options.StagingFolder);
        _queue = new EventBlockQueue(options.QueueBlocks);
        _bronze = new BronzeFeed(_writerConnection, _bronzeFiles, _queue, options);
        _writer = Task.Factory.StartNew(WriteBlocks, TaskCreationOptions.LongRunning);
    }

    public ILakeStorage Storage => _storage;

    /// <summary>How many times <see cref="Observe"/> waited for the writer thread (the queue was full).</summary>
    public long QueueWaits => _queue.Waits;

    /// <summary>
    /// Queues a batch of accepted events for bronze and silver (call on the reader's thread, as the pipeline's
    /// observer): a copy, then back to the run; waits only while the writer is a whole queue behind.
    /// </summary>
    /// <exception cref="Exception">The writer thread's failure (DuckDB, I/O), which stops the run.</exception>
    public void Observe(EventBatch batch)
    {
        if (batch.Count == 0)
            return;
        var block = _queue.Rent();
        block.CopyFrom(batch);
        _queue.Publish(block);
    }

    /// <summary>Writes every table: one commit each.</summary>
    /// <param name="rejectedFile">The run's dead letters (JSON lines), for <c>quarantine/rejected</c>.</param>
    public async Task<IReadOnlyList<LakeTableReport>> FinishAsync(RunResult result, string rejectedFile, CancellationToken cancellationToken = default)
    {
        _queue.Complete();
        await _writer.ConfigureAwait(false);
        long events = _bronze.Rows;
        var reports = new List<LakeTableReport>();
        async Task Commit(LakeTable table, DeltaFileSet files, long? expectedRows)
        {
            var delta = table.Open(_storage);
            var options = WriteOptions(table);
            var snapshot = await delta.SnapshotAsync(null, cancellationToken).ConfigureAwait(false);
            var adds = await files.FinishAsync(_connection, cancellationToken).ConfigureAwait(false);
            long rows = adds.Sum(a => a.NumRecords);
            if (expectedRows is { } expected && rows != expected)
                throw new InvalidDataException($"{table.Path}: wrote {rows} rows, expected {expected}; not committed (the files are orphans for vacuum)");
            var commit = DeltaTableWriter.NextCommit(delta, snapshot, options, adds);
            await delta.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
            reports.Add(new LakeTableReport(table.Path, commit.Version, rows, adds.Count));
        }

        async Task Write(LakeTable table, string sql, long? expectedRows = null)
        {
            using var files = Files(table);
            files.Copy(_connection, sql);
            await Commit(table, files, expectedRows).ConfigureAwait(false);
        }

        await Commit(LakeTables.BronzeEvents, _bronzeFiles, events).ConfigureAwait(false);
        long duplicates = StageDuplicates();
        StageSessions(result.Sessions);
        using (var silver = Files(LakeTables.SilverEvents))
        using (var profiles = Files(LakeTables.GoldProfiles))
        using (var sessions = Files(LakeTables.GoldSessions))
        {
            // Silver's files and gold's profiles and sessions at once, on two threads with a connection each (the
            // writer thread's is free now): a Parquet COPY runs on one core, and the run has finished with both. The
            // second thread first enumerates the run's profiles (.NET work), then writes gold's two, then helps silver.
            var parts = new ConcurrentQueue<(string Day, string Sql)>(SilverParts());
            var second = Task.Run(() =>
            {
                // Each staged table is dropped once written: both threads work under the one memory limit.
                StageProfiles(_writerConnection, result.Profiles);
                profiles.Copy(_writerConnection, "SELECT * FROM gold_profiles_rows");
                _writerConnection.Execute("DROP TABLE gold_profiles_rows");
                sessions.Copy(_writerConnection, "SELECT * FROM gold_sessions_rows");
                _writerConnection.Execute("DROP TABLE gold_sessions_rows");
                WriteSilver(_writerConnection, silver, parts);
            }, cancellationToken);
            try
            {
                WriteSilver(_connection, silver, parts);
            }
            finally
            {
                await second.ConfigureAwait(false);
            }

            _connection.Execute("DROP TABLE lake_session_ranges");
            await Commit(LakeTables.SilverEvents, silver, events - duplicates).ConfigureAwait(false);
            await Commit(LakeTables.GoldProfiles, profiles, null).ConfigureAwait(false);
            await Commit(LakeTables.GoldSessions, sessions, null).ConfigureAwait(false);
        }

        StageWindows("gold_hourly_rows", result.HourlyMetrics);
        await Write(LakeTables.GoldHourlyMetrics, "SELECT * FROM gold_hourly_rows").ConfigureAwait(false);
        StageWindows("gold_minute_rows", result.MinuteMetrics);
        await Write(LakeTables.GoldMinuteMetrics, "SELECT * FROM gold_minute_rows").ConfigureAwait(false);
        RunSummaryRow.Stage(_connection, result.Summary);
        await Write(LakeTables.GoldRunSummary, $"SELECT * FROM {RunSummaryRow.Staging}", expectedRows: 1).ConfigureAwait(false);
        await Write(LakeTables.QuarantineRejected, QuarantineSql(rejectedFile)).ConfigureAwait(false);
        return reports;
    }

    public void Dispose()
    {
        // A run that failed never finished: stop the writer thread without writing what is still queued.
        _abandon.Cancel();
        _queue.Complete();
        try
        {
            _writer.Wait();
        }
        catch (AggregateException)
        {
            // the writer's failure was reported to the run (Observe or FinishAsync)
        }

        _bronzeFiles.Dispose();
        _queue.Dispose();
        _abandon.Dispose();
        _writerConnection.Dispose();
        _connection.Dispose();
        _db.Dispose();
        try
        {
            Directory.Delete(_options.StagingFolder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // nothing was staged
        }
    }

    private DeltaFileSet Files(LakeTable table) => new(table.Open(_storage), WriteOptions(table), _options.StagingFolder);

    private static DeltaWriteOptions WriteOptions(LakeTable table) => new()
    {
        Schema = table.Schema,
        PartitionColumns = table.PartitionColumns,
        Mode = DeltaWriteMode.Overwrite,
        Operation = "WRITE",
    };

    // The writer thread: every queued block into bronze's files.
    private void WriteBlocks()
    {
        try
        {
            _bronze.WriteFiles(_abandon.Token);
        }
        catch (Exception ex)
        {
            _queue.Fail(ex);
            throw;
        }
    }

    // The events silver leaves out (their input and line), which the writer thread found as it wrote bronze.
    private long StageDuplicates()
    {
        _connection.Execute("CREATE OR REPLACE TABLE lake_duplicates (source VARCHAR, line BIGINT)");
        using var appender = _connection.CreateAppender("lake_duplicates");
        foreach (var (source, line) in _bronze.Duplicates)
            appender.Append(source).Append(line).EndRow();
        appender.Close();
        return _bronze.Duplicates.Count;
    }

    // Silver from bronze's files, duplicates left out, in parts that are one plain COPY each into the folder of an
    // event date's partition (half the cost of one PARTITION_BY copy): a day's rows from the bronze files whose event
    // times reach into it, halved by file when there are two or more, so that two threads share the work. Each COPY
    // also filters on event_time, which DuckDB pushes into the Parquet scan (row groups outside the day are skipped
    // by their statistics). The duplicates are left out by a left join whose matches are dropped (so it never repeats
    // a row): with the day's filter, NOT EXISTS cost twice as much.
    private List<(string Day, string Sql)> SilverParts()
    {
        // An event's session is its user's last one starting at or before it. Sessions can overlap (an event later
        // than the allowed disorder opens a session inside one already closed), so each session's range runs from its
        // start to the user's next start: the ranges do not overlap, and a hash join on the user with that range finds
        // exactly one session per event, far cheaper than an ASOF join, which sorts every column of every event.
        _connection.Execute("""
            CREATE OR REPLACE TABLE lake_session_ranges AS
            SELECT user_id, session_start,
                coalesce(lead(session_start) OVER (PARTITION BY user_id ORDER BY session_start), 'infinity'::TIMESTAMPTZ) AS next_start
            FROM gold_sessions_rows
            """);
        string columns = string.Join(", ", BronzeRowWriter.EventColumns.Split(", ").Select(c => "b." + c));
        var parts = new List<(string Day, string Sql)>();
        foreach (long dayNumber in _bronze.Days)
        {
            var day = DateOnly.FromDayNumber((int)dayNumber);
            string date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            string from = Midnight(day), to = Midnight(day.AddDays(1));
            long start = dayNumber * TimeSpan.TicksPerDay, end = start + TimeSpan.TicksPerDay;
            var files = _bronze.Files.Where(f => f.MinTicks < end && f.MaxTicks >= start).Select(f => SqlText.Literal(f.Path)).ToList();
            int half = (files.Count + 1) / 2;
            foreach (var chunk in files.Count < 2 ? [files] : new[] { files[..half], files[half..] })
            {
                parts.Add((date, $"""
                    SELECT {columns}, s.session_start
                    FROM read_parquet([{string.Join(", ", chunk)}]) b
                    LEFT JOIN (SELECT * FROM lake_session_ranges WHERE session_start < {to} AND next_start > {from}) s
                        ON b.user_id = s.user_id AND b.event_time >= s.session_start AND b.event_time < s.next_start
                    LEFT JOIN lake_duplicates d ON d.source = b.source AND d.line = b.line
                    WHERE d.line IS NULL AND b.event_time >= {from} AND b.event_time < {to}
                    """));
            }
        }

        return parts;
    }

    // One thread's share of silver: parts off the shared queue until it is empty.
    private static void WriteSilver(DuckDbConnection connection, DeltaFileSet silver, ConcurrentQueue<(string Day, string Sql)> parts)
    {
        while (parts.TryDequeue(out var part))
            silver.CopyPartition(connection, part.Sql, part.Day);
    }

    private static string Midnight(DateOnly day) => $"TIMESTAMPTZ '{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} 00:00:00+00'";

    private static string QuarantineSql(string rejectedFile) => new FileInfo(rejectedFile) is { Exists: true, Length: > 0 }
        ? $$"""
            SELECT source, line, reason, raw, raw_base64, raw_bytes, truncated
            FROM read_json({{SqlText.Literal(rejectedFile)}}, format = 'newline_delimited', maximum_object_size = 1048576,
                columns = {source: 'VARCHAR', line: 'BIGINT', reason: 'VARCHAR', raw: 'VARCHAR', raw_base64: 'VARCHAR', raw_bytes: 'BIGINT', truncated: 'BOOLEAN'})
            """
        : "SELECT ''::VARCHAR AS source, 0::BIGINT AS line, ''::VARCHAR AS reason, NULL::VARCHAR AS raw, NULL::VARCHAR AS raw_base64, NULL::BIGINT AS raw_bytes, NULL::BOOLEAN AS truncated WHERE false";

    private static void StageProfiles(DuckDbConnection connection, IEnumerable<CustomerProfile> profiles)
    {
        connection.Execute("""
            CREATE OR REPLACE TABLE gold_profiles_rows (user_id BIGINT, events BIGINT, views BIGINT, carts BIGINT, removes BIGINT, purchases BIGINT,
                revenue DECIMAL(18,2), first_seen TIMESTAMPTZ, last_seen TIMESTAMPTZ, sessions BIGINT, products_viewed BIGINT,
                top_category VARCHAR, top_brand VARCHAR, segment VARCHAR)
            """);
        using var appender = connection.CreateAppender("gold_profiles_rows");
        using var rows = new DuckDbChunkBuilder(
            DuckDbType.BigInt, DuckDbType.BigInt, DuckDbType.BigInt, DuckDbType.BigInt, DuckDbType.BigInt, DuckDbType.BigInt,
            DuckDbColumnType.Decimal(18, 2), DuckDbType.TimestampTz, DuckDbType.TimestampTz, DuckDbType.BigInt, DuckDbType.BigInt,
            DuckDbType.Varchar, DuckDbType.Varchar, DuckDbType.Varchar);
        var utf8 = new Utf8Strings();
        foreach (var p in profiles)
        {
            int r = rows.NewRow();
            rows.SetInt64(0, r, p.UserId);
            rows.SetInt64(1, r, p.Events);
            rows.SetInt64(2, r, p.Views);
            rows.SetInt64(3, r, p.Carts);
            rows.SetInt64(4, r, p.Removes);
            rows.SetInt64(5, r, p.Purchases);
            rows.SetDecimal(6, r, p.Revenue);
            rows.SetTimestampTicks(7, r, p.FirstSeen.Ticks);
            rows.SetTimestampTicks(8, r, p.LastSeen.Ticks);
            rows.SetInt64(9, r, p.Sessions);
            rows.SetInt64(10, r, p.ProductsViewed);
            SetText(rows, 11, r, p.TopCategory, utf8);
            SetText(rows, 12, r, p.TopBrand, utf8);
            rows.SetUtf8(13, r, utf8.Of(SegmentRules.Name(p.Segment)));
            if (rows.IsFull)
                appender.Append(rows);
        }

        appender.Append(rows);
        appender.Close();
    }

    private static void SetText(DuckDbChunkBuilder rows, int column, int row, string? value, Utf8Strings utf8)
    {
        if (string.IsNullOrEmpty(value))
            rows.SetNull(column, row);
        else
            rows.SetUtf8(column, row, utf8.Of(value));
    }

    private void StageSessions(IEnumerable<Core.Processing.Sessions.SessionRecord> sessions)
    {
        _connection.Execute("""
            CREATE OR REPLACE TABLE gold_sessions_rows (user_id BIGINT, session_start TIMESTAMPTZ, session_end TIMESTAMPTZ, events BIGINT,
                views BIGINT, carts BIGINT, purchases BIGINT, revenue DECIMAL(18,2), converted BOOLEAN)
            """);
        using var appender = _connection.CreateAppender("gold_sessions_rows");
        using var rows = new DuckDbChunkBuilder(
            DuckDbType.BigInt, DuckDbType.TimestampTz, DuckDbType.TimestampTz, DuckDbType.BigInt, DuckDbType.BigInt, DuckDbType.BigInt,
            DuckDbType.BigInt, DuckDbColumnType.Decimal(18, 2), DuckDbType.Boolean);
        foreach (var s in sessions)
        {
            int r = rows.NewRow();
            rows.SetInt64(0, r, s.UserId);
            rows.SetTimestampTicks(1, r, s.SessionStart.Ticks);
            rows.SetTimestampTicks(2, r, s.SessionEnd.Ticks);
            rows.SetInt64(3, r, s.Events);
            rows.SetInt64(4, r, s.Views);
            rows.SetInt64(5, r, s.Carts);
            rows.SetInt64(6, r, s.Purchases);
            rows.SetDecimal(7, r, s.Revenue);
            rows.SetBoolean(8, r, s.Converted);
            if (rows.IsFull)
                appender.Append(rows);
        }

        appender.Append(rows);
        appender.Close();
    }

    private void StageWindows(string table, IEnumerable<WindowResult> windows)
    {
        // table is one of two constants of this class, never user text.
        _connection.Execute($"""
            CREATE OR REPLACE TABLE {table} (window_start TIMESTAMPTZ, events BIGINT, views BIGINT, carts BIGINT, removes BIGINT, purchases BIGINT,
                revenue DECIMAL(18,2), users BIGINT, view_to_cart_rate DECIMAL(18,4), cart_to_purchase_rate DECIMAL(18,4))
            """);
        using var appender = _connection.CreateAppender(table);
        using var rows = new DuckDbChunkBuilder(
            DuckDbType.TimestampTz, DuckDbType.BigInt, DuckDbType.BigInt, DuckDbType.BigInt, DuckDbType.BigInt, DuckDbType.BigInt,
            DuckDbColumnType.Decimal(18, 2), DuckDbType.BigInt, DuckDbColumnType.Decimal(18, 4), DuckDbColumnType.Decimal(18, 4));
        foreach (var w in windows)
        {
            int r = rows.NewRow();
            rows.SetTimestampTicks(0, r, w.WindowStart.Ticks);
            rows.SetInt64(1, r, w.Events);
            rows.SetInt64(2, r, w.Views);
            rows.SetInt64(3, r, w.Carts);
            rows.SetInt64(4, r, w.Removes);
            rows.SetInt64(5, r, w.Purchases);
            rows.SetDecimal(6, r, w.Revenue);
            rows.SetInt64(7, r, w.Users);
            rows.SetDecimal(8, r, w.ViewToCartRate);
            rows.SetDecimal(9, r, w.CartToPurchaseRate);
            if (rows.IsFull)
                appender.Append(rows);
        }

        appender.Append(rows);
        appender.Close();
    }
}
