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
/// Lands one run in the lake: accepted events are kept as they are read (<see cref="Observe"/>, an array copy);
/// when the run is done, <see cref="FinishAsync"/> (once) stages them in an in-memory DuckDB table, each with its
/// session's start from the run's sessions and a duplicate mark (a fingerprint seen before, as the pipeline's dedup),
/// and writes each table as one overwrite commit: bronze from the staged rows, silver from those not duplicated, gold
/// from the run's results, quarantine from the dead-letter file. Earlier versions stay readable until vacuumed.
/// </summary>
public sealed class LakeRunWriter : IDisposable
{
    private readonly ILakeStorage _storage;
    private readonly LakeRunOptions _options;
    private readonly DuckDbDatabase _db;
    private readonly DuckDbConnection _connection;
    private readonly StagedEvents _events = new();

    internal LakeRunWriter(ILakeStorage storage, LakeRunOptions options)
    {
        _storage = storage;
        _options = options;
        Directory.CreateDirectory(options.StagingFolder);
        _db = DuckDbDatabase.Open();
        _connection = _db.Connect();
        _connection.Execute($"SET TimeZone = 'UTC'; SET memory_limit = '1GB'; SET threads = {options.Threads.ToString(CultureInfo.InvariantCulture)}; SET temp_directory = {SqlText.Literal(Path.Combine(options.StagingFolder, "duckdb"))}");
    }

    public ILakeStorage Storage => _storage;

    /// <summary>Keeps a batch of accepted events for bronze and silver (call on the reader's thread, as the pipeline's observer).</summary>
    public void Observe(EventBatch batch) => _events.Add(batch);

    /// <summary>Writes every table: one commit each.</summary>
    /// <param name="rejectedFile">The run's dead letters (JSON lines), for <c>quarantine/rejected</c>.</param>
    public async Task<IReadOnlyList<LakeTableReport>> FinishAsync(RunResult result, string rejectedFile, CancellationToken cancellationToken = default)
    {
        // Stage every event once, with its session's start and duplicate mark, on one connection per thread.
        var duplicates = _events.Duplicates(out long duplicateCount);
        var sessions = new SessionIndex(result.Sessions);
        _connection.Execute(BronzeRowWriter.CreateTable);
        int slices = (int)Math.Clamp(_events.Count / StagedEvents.BlockSize, 1, _options.Threads);
        var connections = Enumerable.Range(0, slices).Select(_ => _db.Connect()).ToArray();
        try
        {
            Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = slices }, s =>
                BronzeRowWriter.Write(connections[s], _events, _events.Count * s / slices, _events.Count * (s + 1) / slices, duplicates, sessions));
        }
        finally
        {
            foreach (var c in connections)
                c.Dispose();
        }

        var writer = new DeltaTableWriter(_connection, _options.StagingFolder);
        var reports = new List<LakeTableReport>();
        async Task Write(LakeTable table, string sql, long? expectedRows = null)
        {
            var delta = table.Open(_storage);
            var options = new DeltaWriteOptions
            {
                Schema = table.Schema,
                PartitionColumns = table.PartitionColumns,
                Mode = DeltaWriteMode.Overwrite,
                Operation = "WRITE",
            };
            var snapshot = await delta.SnapshotAsync(null, cancellationToken).ConfigureAwait(false);
            var files = await writer.WriteFilesAsync(delta, sql, options, cancellationToken).ConfigureAwait(false);
            long rows = files.Sum(a => a.NumRecords);
            if (expectedRows is { } expected && rows != expected)
                throw new InvalidDataException($"{table.Path}: wrote {rows} rows, expected {expected}; not committed (the files are orphans for vacuum)");
            var commit = DeltaTableWriter.NextCommit(delta, snapshot, options, files);
            await delta.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
            reports.Add(new LakeTableReport(table.Path, commit.Version, rows, files.Count));
        }

        await Write(LakeTables.BronzeEvents, BronzeSql()).ConfigureAwait(false);
        await Write(LakeTables.SilverEvents, SilverSql(), _events.Count - duplicateCount).ConfigureAwait(false);
        StageProfiles(result.Profiles);
        await Write(LakeTables.GoldProfiles, "SELECT * FROM gold_profiles_rows").ConfigureAwait(false);
        StageSessions(result.Sessions);
        await Write(LakeTables.GoldSessions, "SELECT * FROM gold_sessions_rows").ConfigureAwait(false);
        StageWindows("gold_hourly_rows", result.HourlyMetrics);
        await Write(LakeTables.GoldHourlyMetrics, "SELECT * FROM gold_hourly_rows").ConfigureAwait(false);
        StageWindows("gold_minute_rows", result.MinuteMetrics);
        await Write(LakeTables.GoldMinuteMetrics, "SELECT * FROM gold_minute_rows").ConfigureAwait(false);
        await Write(LakeTables.QuarantineRejected, QuarantineSql(rejectedFile)).ConfigureAwait(false);
        return reports;
    }

    public void Dispose()
    {
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

    private const string EventColumns =
        "event_id, event_time, event_type, user_id, session_id, product_id, category_id, category_code, brand, price, quantity, order_id, country, user_agent, ip";

    private string BronzeSql()
    {
        string ingested = _options.IngestedAt.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        return $"SELECT {EventColumns}, source, line, TIMESTAMPTZ '{ingested}+00' AS ingested_at FROM bronze_rows";
    }

    // Sessions come from the pipeline (session_start was set when staging); duplicates are left out.
    private static string SilverSql() =>
        $"SELECT {EventColumns}, session_start, CAST(event_time AS DATE) AS event_date FROM bronze_rows WHERE NOT duplicate";

    private static string QuarantineSql(string rejectedFile) => new FileInfo(rejectedFile) is { Exists: true, Length: > 0 }
        ? $$"""
            SELECT source, line, reason, raw, raw_base64, raw_bytes, truncated
            FROM read_json({{SqlText.Literal(rejectedFile)}}, format = 'newline_delimited', maximum_object_size = 1048576,
                columns = {source: 'VARCHAR', line: 'BIGINT', reason: 'VARCHAR', raw: 'VARCHAR', raw_base64: 'VARCHAR', raw_bytes: 'BIGINT', truncated: 'BOOLEAN'})
            """
        : "SELECT ''::VARCHAR AS source, 0::BIGINT AS line, ''::VARCHAR AS reason, NULL::VARCHAR AS raw, NULL::VARCHAR AS raw_base64, NULL::BIGINT AS raw_bytes, NULL::BOOLEAN AS truncated WHERE false";

    private void StageProfiles(IEnumerable<CustomerProfile> profiles)
    {
        _connection.Execute("""
            CREATE OR REPLACE TABLE gold_profiles_rows (user_id BIGINT, events BIGINT, views BIGINT, carts BIGINT, removes BIGINT, purchases BIGINT,
                revenue DECIMAL(18,2), first_seen TIMESTAMPTZ, last_seen TIMESTAMPTZ, sessions BIGINT, products_viewed BIGINT,
                top_category VARCHAR, top_brand VARCHAR, segment VARCHAR)
            """);
        using var appender = _connection.CreateAppender("gold_profiles_rows");
        using var rows = new DuckDbChunkBuilder(
            DuckDbType.BigInt, DuckDbType.BigInt, DuckDbType.BigInt, DuckDbType.BigInt, DuckDbType.BigInt, DuckDbType.BigInt,
            DuckDbColumnType.Decimal(18, 2), DuckDbType.TimestampTz, DuckDbType.TimestampTz, DuckDbType.BigInt, DuckDbType.BigInt,
            DuckDbType.Varchar, DuckDbType.Varchar, DuckDbType.Varchar);
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
            rows.SetString(11, r, string.IsNullOrEmpty(p.TopCategory) ? null : p.TopCategory);
            rows.SetString(12, r, string.IsNullOrEmpty(p.TopBrand) ? null : p.TopBrand);
            rows.SetString(13, r, SegmentRules.Name(p.Segment));
            if (rows.IsFull)
                appender.Append(rows);
        }

        appender.Append(rows);
        appender.Close();
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
