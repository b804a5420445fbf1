using System.Globalization;
using System.Text.Json;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Tables;
using ShopStream.Tests;

namespace ShopStream.Lake.Tests.Runs;

public sealed class LakeRunTests : IClassFixture<LakeRunTests.SampleRun>, IDisposable
{
    private readonly SampleRun _run;
    private readonly DuckDbDatabase _db = DuckDbDatabase.Open();
    private readonly DuckDbConnection _connection;

    public LakeRunTests(SampleRun run)
    {
        _run = run;
        _connection = _db.Connect();
        _connection.Execute("SET TimeZone = 'UTC'");
        LakeViews.CreateAsync(_connection, run.Lake.Storage, new LakeReadOptions(), run.Lake.Folder).GetAwaiter().GetResult();
    }

    [Fact]
    public void Every_table_is_committed_once_and_DuckDB_reads_its_rows()
    {
        // The run summary last: its commit names the versions of the others (LakeCut).
        Assert.Equal(LakeTables.All.Except([LakeTables.GoldRunSummary]).Append(LakeTables.GoldRunSummary).Select(t => t.Path), _run.Lake.Tables.Select(t => t.Table));
        Assert.All(_run.Lake.Tables, t => Assert.Equal(0, t.Version));
        foreach (var t in _run.Lake.Tables)
        {
            string view = LakeTables.Find(t.Table)!.ViewName;
            Assert.Equal(t.Rows, Scalar<long>($"SELECT count(*) FROM {view}"));
        }

        Assert.Equal(5000L, Scalar<long>("SELECT count(*) FROM bronze_events"));
        Assert.Equal(4997L, Scalar<long>("SELECT count(*) FROM silver_events"));
        Assert.Equal(0L, Scalar<long>("SELECT count(*) FROM quarantine_rejected"));
    }

    [Fact]
    public void Summary_recomputed_from_silver_with_sql_equals_summary_json()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(_run.Lake.Output.SummaryFile));
        var summary = json.RootElement;
        var fromSql = new Dictionary<string, decimal>
        {
            ["events_read"] = Scalar<long>("SELECT (SELECT count(*) FROM bronze_events) + (SELECT count(*) FROM quarantine_rejected WHERE reason <> 'late')"),
            ["events_accepted"] = Scalar<long>("SELECT count(*) FROM bronze_events"),
            ["events_rejected"] = Scalar<long>("SELECT count(*) FROM quarantine_rejected WHERE reason <> 'late'"),
            ["duplicates_dropped"] = Scalar<long>("SELECT (SELECT count(*) FROM bronze_events) - (SELECT count(*) FROM silver_events)"),
            ["events_by_type.view"] = Scalar<long>("SELECT count(*) FROM silver_events WHERE event_type = 'view'"),
            ["events_by_type.cart"] = Scalar<long>("SELECT count(*) FROM silver_events WHERE event_type = 'cart'"),
            ["events_by_type.remove_from_cart"] = Scalar<long>("SELECT count(*) FROM silver_events WHERE event_type = 'remove_from_cart'"),
            ["events_by_type.purchase"] = Scalar<long>("SELECT count(*) FROM silver_events WHERE event_type = 'purchase'"),
            ["users"] = Scalar<long>("SELECT count(DISTINCT user_id) FROM silver_events"),
            ["sessions"] = Scalar<long>("SELECT count(*) FROM (SELECT DISTINCT user_id, session_start FROM silver_events)"),
            ["sessions_with_purchase"] = Scalar<long>("SELECT count(*) FROM (SELECT DISTINCT user_id, session_start FROM silver_events WHERE event_type = 'purchase')"),
            ["purchasing_users"] = Scalar<long>("SELECT count(DISTINCT user_id) FROM silver_events WHERE event_type = 'purchase'"),
            ["revenue"] = Scalar<decimal>("SELECT round(coalesce(sum(price * quantity), 0), 2) FROM silver_events WHERE event_type = 'purchase'"),
        };
        string segmentSql = """
            SELECT segment, count(*) FROM (
                SELECT user_id, CASE WHEN revenue >= 1000 THEN 'high_value' WHEN purchases >= 1 THEN 'converting'
                                     WHEN carts >= 1 THEN 'interested' WHEN views >= 5 THEN 'active_browser' ELSE 'casual' END AS segment
                FROM (SELECT user_id,
                             coalesce(sum(price * quantity) FILTER (WHERE event_type = 'purchase'), 0) AS revenue,
                             count(*) FILTER (WHERE event_type = 'purchase') AS purchases,
                             count(*) FILTER (WHERE event_type = 'cart') AS carts,
                             count(*) FILTER (WHERE event_type = 'view') AS views
                      FROM silver_events GROUP BY user_id))
            GROUP BY segment
            """;
        using (var r = _connection.Query(segmentSql))
        {
            foreach (var chunk in r.Chunks())
            {
                for (int i = 0; i < chunk.RowCount; i++)
                    fromSql["segments." + chunk.Column(0).String(i)] = chunk.Column(1).Int64(i);
            }
        }

        var mismatches = fromSql
            .Where(kv => GoldenSummary.Lookup(summary, kv.Key) != kv.Value)
            .Select(kv => $"{kv.Key}: summary.json {GoldenSummary.Lookup(summary, kv.Key)}, SQL {kv.Value.ToString(CultureInfo.InvariantCulture)}")
            .ToList();
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.Equal(GoldenSummary.Rees46Sample.Count, fromSql.Count(kv => GoldenSummary.Rees46Sample.Any(g => g.Key == kv.Key)));

        // And summary.json is still the golden one.
        GoldenSummary.AssertMatches(summary);
    }

    [Fact]
    public void Gold_tables_hold_the_runs_results()
    {
        Assert.Equal(1747L, Scalar<long>("SELECT count(*) FROM gold_profiles"));
        Assert.Equal(1753L, Scalar<long>("SELECT count(*) FROM gold_sessions"));
        Assert.Equal(14786.59m, Scalar<decimal>("SELECT sum(revenue) FROM gold_profiles"));
        Assert.Equal(48L, Scalar<long>("SELECT count(*) FROM gold_sessions WHERE converted"));
        Assert.Equal(4997L, Scalar<long>("SELECT sum(events)::BIGINT FROM gold_hourly_metrics"));
        Assert.Equal(4997L, Scalar<long>("SELECT sum(events)::BIGINT FROM gold_minute_metrics"));

        // Sessions in silver are gold's sessions: the same (user, start) pairs.
        Assert.Equal(0L, Scalar<long>("""
            SELECT count(*) FROM (
                (SELECT DISTINCT user_id, session_start FROM silver_events EXCEPT SELECT user_id, session_start FROM gold_sessions)
                UNION ALL
                (SELECT user_id, session_start FROM gold_sessions EXCEPT SELECT DISTINCT user_id, session_start FROM silver_events))
            """));

        // Each profile row equals profiles.csv's (first row, by user id).
        string csvFirst = File.ReadLines(_run.Lake.Output.ProfilesFile).Skip(1).First();
        using var r = _connection.Query("SELECT * FROM gold_profiles ORDER BY user_id LIMIT 1");
        using var chunk = r.NextChunk()!;
        var fields = Enumerable.Range(0, chunk.ColumnCount).Select(c => chunk.Column(c).Text(0) ?? "");
        Assert.Equal(csvFirst, string.Join(',', fields).Replace("0.00,", "0.00,", StringComparison.Ordinal));
    }

    [Fact]
    public void Gold_run_summary_holds_summary_json_in_one_row()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(_run.Lake.Output.SummaryFile));
        var summary = json.RootElement;
        Assert.Equal(1L, Scalar<long>("SELECT count(*) FROM gold_run_summary"));
        Assert.Equal(summary.GetProperty("events_read").GetInt64(), Scalar<long>("SELECT events_read FROM gold_run_summary"));
        Assert.Equal(summary.GetProperty("users").GetInt64(), Scalar<long>("SELECT users FROM gold_run_summary"));
        Assert.Equal(summary.GetProperty("revenue").GetDecimal(), Scalar<decimal>("SELECT round(revenue, 2) FROM gold_run_summary"));
        Assert.Equal(summary.GetProperty("late_events").GetInt64(), Scalar<long>("SELECT late_events FROM gold_run_summary"));
        Assert.Equal(
            summary.GetProperty("events_by_type").GetProperty("view").GetInt64(),
            Scalar<long>("SELECT CAST(json_extract(events_by_type, '$.view') AS BIGINT) FROM gold_run_summary"));
    }

    [Fact]
    public void Silver_is_partitioned_by_event_date_and_bronze_keeps_source_and_line()
    {
        var log = File.ReadAllText(Path.Combine(_run.Lake.LakeRoot, "silver/events/_delta_log/00000000000000000000.json"));
        Assert.Contains("\"partitionColumns\":[\"event_date\"]", log, StringComparison.Ordinal);
        Assert.Contains("\"partitionValues\":{\"event_date\":\"2019-10-01\"}", log, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc), Scalar<DateTime>("SELECT min(event_date) FROM silver_events"));
        Assert.Equal("rees46-2019-Oct-head-5000.csv", Path.GetFileName(Scalar<string>("SELECT min(source) FROM bronze_events")));
        Assert.Equal(2L, Scalar<long>("SELECT min(line) FROM bronze_events"));
        Assert.Equal(5001L, Scalar<long>("SELECT max(line) FROM bronze_events"));

        // The first row of the file, typed.
        Assert.Equal("2019-10-01T00:00:00Z view 44600062 shiseido", Scalar<string>(
            "SELECT strftime(event_time, '%Y-%m-%dT%H:%M:%SZ') || ' ' || event_type || ' ' || product_id || ' ' || brand FROM bronze_events WHERE line = 2"));
        Assert.Equal(32L, Scalar<long>("SELECT min(length(event_id)) FROM silver_events"));
    }

    [Fact]
    public void Ids_are_written_plain_and_texts_that_repeat_with_a_dictionary()
    {
        string files = SqlText.Literal(Path.Combine(_run.Lake.LakeRoot, "bronze/events/*.parquet"));
        string Encodings(string column) => Scalar<string>(
            $"SELECT string_agg(DISTINCT encodings, ',') FROM parquet_metadata({files}) WHERE path_in_schema = {SqlText.Literal(column)}");
        Assert.DoesNotContain("RLE_DICTIONARY", Encodings("event_id"), StringComparison.Ordinal);
        Assert.DoesNotContain("RLE_DICTIONARY", Encodings("session_id"), StringComparison.Ordinal);
        Assert.Contains("RLE_DICTIONARY", Encodings("brand"), StringComparison.Ordinal);
        Assert.Contains("RLE_DICTIONARY", Encodings("event_type"), StringComparison.Ordinal);
    }

    // The lake promises files that Spark, Trino and pandas read, not only DuckDB: every table's files keep to the
    // encodings and codec those readers take (Spark's vectorized reader reads DELTA_BINARY_PACKED from 3.3 on,
    // DELTA_LENGTH_BYTE_ARRAY on its own only from 3.4). A new encoding here is a decision to document, not a
    // side effect of a speed-up.
    [Fact]
    public void Every_tables_files_keep_to_the_encodings_and_codec_the_readers_take()
    {
        string files = SqlText.Literal(Path.Combine(_run.Lake.LakeRoot, "**", "*.parquet"));
        var encodings = Scalar<string>($"SELECT string_agg(DISTINCT encodings, ',') FROM parquet_metadata({files})")
            .Split(',', StringSplitOptions.TrimEntries).ToHashSet();
        Assert.Subset(new HashSet<string> { "PLAIN", "RLE", "DELTA_BINARY_PACKED", "RLE_DICTIONARY" }, encodings);
        // zstd, but for chunks too small to gain from it (PageEncoder.CompressFromRows), stored as they are.
        Assert.Equal("", Scalar<string>($"SELECT coalesce(string_agg(DISTINCT compression, ','), '') FROM parquet_metadata({files}) WHERE compression NOT IN ('ZSTD', 'UNCOMPRESSED')"));
        Assert.Equal(0L, Scalar<long>($"SELECT count(*) FROM parquet_metadata({files}) WHERE compression = 'UNCOMPRESSED' AND (num_values >= {ShopStream.Lake.Parquet.PageEncoder.CompressFromRows} OR total_uncompressed_size > {ShopStream.Lake.Parquet.PageEncoder.CompressFromBytes} + 4096)"));
        // Every table with rows was looked at (an empty file, quarantine's here, has no column chunks to list).
        long tablesWithRows = _run.Lake.Tables.Count(t => t.Rows > 0);
        Assert.Equal(tablesWithRows, Scalar<long>($"SELECT count(DISTINCT regexp_extract(file_name, '/lake/([a-z]+/[a-z_]+)/', 1)) FROM parquet_metadata({files})"));
    }

    private T Scalar<T>(string sql) => (T)_connection.Scalar(sql)!;

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
    }

    /// <summary>One run of the 5,000-row REES46 sample, shared by the tests of this class.</summary>
    public sealed class SampleRun : IDisposable
    {
        public LakeRun Lake { get; } = new(RepoPaths.Rees46Sample);

        public void Dispose() => Lake.Dispose();
    }
}
