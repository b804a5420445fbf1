using System.Text;
using System.Text.Json;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary><c>shopstream query</c> and <c>shopstream lake ...</c> over a run's lake.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class QueryCommandTests
{
    // Two runs into one lake: the whole sample (5,000 events), then its first 100; returns a time between them.
    private static (string OutDir, DateTime Between) FullSampleThenItsHead(TempFolder temp)
    {
        string small = temp.File("small.csv");
        File.WriteAllLines(small, File.ReadLines(RepoPaths.Rees46Sample).Take(101));
        string outDir = temp.File("out");
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", outDir, "-q", "--lake").ExitCode);
        var between = DateTime.UtcNow;
        Thread.Sleep(20); // commit times are in milliseconds
        Assert.Equal(0, Cli.Run("run", "-i", small, "-o", outDir, "-q", "--lake").ExitCode);
        return (outDir, between);
    }

    private static string Stdout(params string[] args)
    {
        var (code, output, error) = Cli.RunProcess(args);
        Assert.True(code == 0, $"exit {code}: {error}");
        return Encoding.UTF8.GetString(output);
    }

    [Fact]
    public void Query_prints_csv_and_json_from_the_lakes_views()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);

        Assert.Equal("n,users\n4997,1747\n", Stdout("query", "--out", temp.Path, "--format", "csv", "SELECT count(*) AS n, count(DISTINCT user_id) AS users FROM silver_events"));
        Assert.Equal("""[{"items":4997}]""" + "\n", Stdout("query", "--out", temp.Path, "-f", "json", "SELECT sum(quantity) AS items FROM silver_events"));

        string json = Stdout("query", "--lake", Path.Combine(temp.Path, "lake"), "-f", "json", "SELECT user_id, revenue, segment, first_seen FROM gold_profiles ORDER BY revenue DESC LIMIT 1");
        var top = JsonDocument.Parse(json).RootElement.EnumerateArray().Single();
        Assert.Equal(515384420, top.GetProperty("user_id").GetInt64());
        Assert.Equal(1747.79m, top.GetProperty("revenue").GetDecimal());
        Assert.Equal("high_value", top.GetProperty("segment").GetString());
        Assert.Equal("2019-10-01T02:20:24Z", top.GetProperty("first_seen").GetString());
    }

    [Fact]
    public void Json_keys_of_repeated_column_names_are_numbered_and_a_large_result_streams()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);

        Assert.Equal("""[{"a":1,"a_2":2,"a_1":3}]""" + "\n", Stdout("query", "--out", temp.Path, "-f", "json", "SELECT 1 a, 2 a, 3 a_1"));
        string many = Stdout("query", "--out", temp.Path, "-f", "json", "SELECT range AS n FROM range(200000)");
        var rows = JsonDocument.Parse(many).RootElement;
        Assert.Equal(200_000, rows.GetArrayLength()); // past the 64 KiB flush many times: each piece ends where the next begins
        Assert.Equal(199_999, rows[199_999].GetProperty("n").GetInt64());
    }

    [Fact]
    public async Task Query_stops_when_the_pipe_it_writes_closes()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        using var process = System.Diagnostics.Process.Start(ShopstreamProcess.StartInfo("query", "--out", temp.Path, "-f", "csv", "SELECT range FROM range(2000000000)"))!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            Assert.Equal("range", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
            process.StandardOutput.Close(); // the reader goes, as head does

            // Two billion rows take minutes: it ran on to its end before (the console's stream drops writes to a closed pipe).
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("", await stderr);
    }

    [Fact]
    public void A_damaged_table_gets_no_view_and_a_warning_while_the_others_still_answer()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        string file = Directory.GetFiles(Path.Combine(temp.Path, "lake", "silver", "events"), "*.parquet", SearchOption.AllDirectories).First();
        using (var stream = File.OpenWrite(file))
            stream.SetLength(1000);

        var other = Cli.RunProcess("query", "--out", temp.Path, "--format", "csv", "SELECT count(*) AS n FROM gold_profiles");
        var damaged = Cli.RunProcess("query", "--out", temp.Path, "SELECT count(*) FROM silver_events");

        Assert.Equal(0, other.ExitCode); // was exit 1 for every query, SELECT 1 included
        Assert.Equal("n\n1747\n", Encoding.UTF8.GetString(other.Output));
        Assert.Equal("", other.Error); // silver is not read for a query that does not name it
        Assert.Equal(2, damaged.ExitCode);
        Assert.StartsWith($"shopstream: warning: silver_events cannot be read, so it has no view: Invalid Input Error: No magic bytes found at end of file '{file}'\n", damaged.Error, StringComparison.Ordinal);

        // A view named only in parts is not fetched, and says so.
        var built = Cli.RunProcess("query", "--out", temp.Path, "SELECT count(*) FROM query_table('gold_' || 'sessions')");
        Assert.Equal(2, built.ExitCode);
        Assert.Contains("gold_sessions was not read: query reads the files of the views its SQL names", built.Error, StringComparison.Ordinal);
        var job = Cli.RunProcess("query", "--out", temp.Path, "SELECT count(*) FROM query_table('gold_' || 'rfm')"); // a jobs table: its log is not read either
        Assert.Equal(2, job.ExitCode);
        Assert.Contains("gold_rfm was not read: query reads the files of the views its SQL names", job.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gs://bucket/lake", "a lake is a local folder or s3://bucket/prefix, not gs://")] // was "no lake at 'gs://bucket/lake'"
    [InlineData("s3:/bucket/lake", "an S3 lake is written s3://bucket/prefix")]
    public void A_lake_root_that_is_no_lake_is_named_as_such(string root, string message)
    {
        var (code, _, error) = Cli.RunProcess("query", "--lake", root, "SELECT 1");

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_run_summary_log_leaves_the_run_tables_without_views_not_each_at_its_latest()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        File.WriteAllText(Path.Combine(temp.Path, "lake", "gold", "run_summary", "_delta_log", "00000000000000000000.json"), "");

        // Unasked, bronze's latest could be a run that did not finish beside gold's finished one (as a probe found).
        var latest = Cli.RunProcess("query", "--out", temp.Path, "--format", "csv", "SELECT count(*) AS n FROM bronze_events");
        var asked = Cli.RunProcess("query", "--out", temp.Path, "--format", "csv", "--version", "bronze_events=0", "SELECT count(*) AS n FROM bronze_events");

        Assert.Equal(2, latest.ExitCode); // was exit 0, each table at its latest
        Assert.Contains("shopstream: warning: bronze_events cannot be read, so it has no view: bronze/events: which of its versions belongs to a finished run cannot be told, as gold/run_summary's log cannot be read (gold/run_summary: Delta log version 0 is empty", latest.Error, StringComparison.Ordinal);
        Assert.Equal(0, asked.ExitCode);
        Assert.Equal("n\n5000\n", Encoding.UTF8.GetString(asked.Output));
    }

    [Fact]
    public void Hashes_and_infinite_times_print_and_a_time_past_9999_is_one_line()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);

        Assert.Equal("[{\"h\":18446744073709551615,\"t\":\"infinity\"}]\n", Stdout("query", "--out", temp.Path, "-f", "json", "SELECT 18446744073709551615::UBIGINT h, 'infinity'::TIMESTAMP t"));
        var far = Cli.RunProcess("query", "--out", temp.Path, "SELECT TIMESTAMP '294247-01-10 04:00:54' v");
        Assert.Equal(2, far.ExitCode); // was a wrong time and exit 0; hash() values were a stack trace
        Cli.AssertOneLineError(far.Error);
    }

    [Fact]
    public void An_s3_server_that_takes_the_connection_and_never_answers_fails_within_the_timeout_the_environment_sets()
    {
        // The SDK's defaults (100 s, three attempts) left the query silent for five minutes.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var held = new System.Collections.Concurrent.ConcurrentBag<System.Net.Sockets.TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
                held.Add(await listener.AcceptTcpClientAsync(stop.Token));
        });
        string endpoint = $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
        var environment = new Dictionary<string, string>
        {
            ["SHOPSTREAM_S3_ENDPOINT"] = endpoint, ["SHOPSTREAM_S3_TIMEOUT"] = "1", ["AWS_ACCESS_KEY_ID"] = "x", ["AWS_SECRET_ACCESS_KEY"] = "y",
        };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, _, error) = Cli.RunProcess(null, environment, "query", "--lake", "s3://lake/prefix", "SELECT 1");

        Assert.Equal(1, code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Cli.AssertOneLineError(error);
        Assert.Contains($"{endpoint}/ did not answer within 1 s, 3 times (SHOPSTREAM_S3_TIMEOUT sets the limit in seconds)", error, StringComparison.Ordinal);
        // The SDK's three attempts, each given the limit the variable set (the kernel took the last before the loop did).
        Assert.True(SpinWait.SpinUntil(() => held.Count >= 3, TimeSpan.FromSeconds(10)), $"{held.Count} connections");
        stop.Cancel();
        listener.Stop();
        foreach (var c in held)
            c.Dispose();
    }

    [Fact]
    public void Vacuum_of_every_table_goes_past_one_whose_log_is_damaged_and_names_it()
    {
        // It stopped at the first damaged table, and the tables after it were not vacuumed.
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        File.WriteAllText(Path.Combine(temp.Path, "lake", "bronze", "events", "_delta_log", "00000000000000000001.json"), "");

        var (code, output, error) = Cli.RunProcess("lake", "vacuum", "--out", temp.Path);

        Assert.Equal(1, code);
        Assert.Contains("shopstream: bronze/events: not vacuumed: bronze/events: Delta log version 1 is empty", error, StringComparison.Ordinal);
        Assert.Contains("1 table(s) not vacuumed, their logs damaged: bronze/events", error, StringComparison.Ordinal);
        Assert.Contains("quarantine/rejected: 0 file(s) deleted", Encoding.UTF8.GetString(output), StringComparison.Ordinal);
    }

    [Fact]
    public void Vacuum_deletes_what_a_first_run_killed_before_its_commits_left_though_no_run_has_committed()
    {
        // The lake's tables hold files and no log: query says there is no lake, and vacuum said so too, so nothing
        // could delete them.
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        foreach (string log in Directory.GetDirectories(Path.Combine(temp.Path, "lake"), "_delta_log", SearchOption.AllDirectories))
            Directory.Delete(log, recursive: true);
        int files = Directory.GetFiles(Path.Combine(temp.Path, "lake"), "*.parquet", SearchOption.AllDirectories).Length;
        Assert.True(files >= 8);
        Assert.Contains("no lake at", Cli.RunProcess("query", "--out", temp.Path, "SELECT 1").Error, StringComparison.Ordinal);

        var kept = Cli.RunProcess("lake", "vacuum", "--out", temp.Path);
        Assert.Equal(0, kept.ExitCode); // younger than --retain's 7 days: a first run may still be writing them
        Assert.Equal(files, Directory.GetFiles(Path.Combine(temp.Path, "lake"), "*.parquet", SearchOption.AllDirectories).Length);

        var (code, output, error) = Cli.RunProcess("lake", "vacuum", "--out", temp.Path, "--retain", "0s", "--allow-short-retain");
        Assert.True(code == 0, error);
        Assert.Empty(Directory.GetFiles(Path.Combine(temp.Path, "lake"), "*.parquet", SearchOption.AllDirectories));
        Assert.Equal(files, Encoding.UTF8.GetString(output).Split('\n').Count(l => l.StartsWith("deleted ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_select_of_a_remote_file_loads_no_extension()
    {
        // DuckDB went to download httpfs for it (and would have loaded it where the network allows): code fetched by a SELECT.
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);

        var (code, _, error) = Cli.RunProcess("query", "--out", temp.Path, "SELECT * FROM read_parquet('https://example.com/x.parquet')");

        Assert.Equal(2, code);
        Assert.Contains("requires the extension httpfs to be loaded", error, StringComparison.Ordinal);
        Assert.DoesNotContain("download", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_s3_lake_that_does_not_answer_is_one_line_and_exit_1()
    {
        // Nothing listens on port 1: checking that the prefix holds a lake was an unhandled IOException, with its stack.
        var environment = new Dictionary<string, string> { ["SHOPSTREAM_S3_ENDPOINT"] = "http://127.0.0.1:1", ["AWS_ACCESS_KEY_ID"] = "x", ["AWS_SECRET_ACCESS_KEY"] = "y" };

        var (code, _, error) = Cli.RunProcess(null, environment, "query", "--lake", "s3://lake/prefix", "SELECT 1");

        Assert.Equal(1, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("S3 list of s3://lake/prefix/gold/run_summary/_delta_log/ failed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_in_a_tables_text_are_shown_as_escapes_and_kept_in_csv()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        const string Sql = "SELECT chr(27) || '[2J' || 'x' AS s, 'a' || chr(10) || 'b' || chr(9) || 'c' AS t";

        string table = Stdout("query", "--out", temp.Path, Sql);
        string csv = Stdout("query", "--out", temp.Path, "-f", "csv", Sql);

        Assert.DoesNotContain('\u001b', table); // a terminal would have cleared the screen
        Assert.Contains("\\x1b[2Jx", table, StringComparison.Ordinal);
        Assert.Contains("a\\nb\\tc", table, StringComparison.Ordinal);
        Assert.Contains("\u001b[2Jx", csv, StringComparison.Ordinal);
        Assert.Contains("\"a\nb\tc\"", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Emoji_codes_and_brackets_in_a_tables_text_and_names_are_shown_as_written()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);

        string table = Stdout("query", "--out", temp.Path, "SELECT ':warning: [red]x[/]' AS \":fire:\"");

        Assert.Contains(":warning: [red]x[/]", table, StringComparison.Ordinal); // was ⚠ (brackets were escaped, emoji codes not)
        Assert.Contains(":fire:", table, StringComparison.Ordinal);
        Assert.DoesNotContain("\u26a0", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tables_numbers_are_right_aligned_and_its_text_left_aligned()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);

        string table = Stdout("query", "--out", temp.Path, "SELECT 5 AS n, 'x' AS s, 1.5::DOUBLE d UNION ALL SELECT 12345, 'yyyy', 22.25 ORDER BY n");

        Assert.Contains("│     5 │ x    │   1.5 │", table, StringComparison.Ordinal); // numbers were left-aligned
        Assert.Contains("│ 12345 │ yyyy │ 22.25 │", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_result_cut_at_max_rows_or_at_the_tables_limit_says_so()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);

        var csv = Cli.RunProcess("query", "--out", temp.Path, "-f", "csv", "--max-rows", "3", "SELECT range AS n FROM range(5)");
        var table = Cli.RunProcess("query", "--out", temp.Path, "SELECT range AS n FROM range(10001)");
        var whole = Cli.RunProcess("query", "--out", temp.Path, "-f", "json", "SELECT 'a \"quoted\" + é' AS s");

        Assert.Equal("n\n0\n1\n2\n", Encoding.UTF8.GetString(csv.Output));
        Assert.Equal("shopstream: the result has more rows than the 3 shown (--max-rows)", csv.Error.Trim()); // was nothing
        Assert.Contains("10,000 row(s)", Encoding.UTF8.GetString(table.Output), StringComparison.Ordinal); // was every row, held in memory
        Assert.Contains("more rows than the 10,000 shown (a table's limit: --format csv or json prints every row", table.Error, StringComparison.Ordinal);
        Assert.Equal("[{\"s\":\"a \\\"quoted\\\" + é\"}]\n", Encoding.UTF8.GetString(whole.Output)); // was \u0022, \u002B and \u00E9
        Assert.Equal("", whole.Error);

        // Both streams into one (2>&1): the rows come before the note (the rows sat in the output's buffer).
        var start = new System.Diagnostics.ProcessStartInfo("sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("dotnet exec \"$0\" query --out \"$1\" -f csv --max-rows 3 'SELECT range AS n FROM range(5)' 2>&1");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "shopstream.dll"));
        start.ArgumentList.Add(temp.Path);
        using var merged = System.Diagnostics.Process.Start(start)!;
        string together = merged.StandardOutput.ReadToEnd();
        merged.WaitForExit();
        Assert.Equal("n\n0\n1\n2\nshopstream: the result has more rows than the 3 shown (--max-rows)\n", together);
    }

    [Fact]
    public void Lists_structs_and_other_types_print_as_duckdbs_text_not_placeholders()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);

        string csv = Stdout("query", "--out", temp.Path, "--format", "csv",
            "SELECT [1,2] l, {'a': 1} s, INTERVAL 1 DAY i, '12:00'::TIME t, MAP([1],[2]) m, 42 n, [3] n2, [4] n2;");
        string json = Stdout("query", "--out", temp.Path, "-f", "json",
            "SELECT user_id, array_agg(event_type ORDER BY event_time) AS kinds FROM silver_events WHERE user_id = 400972610 GROUP BY 1 -- a comment");
        // A statement's trailing ';' and comment were wrapped into the subquery that casts: a syntax error.
        string trailing = Stdout("query", "--out", temp.Path, "--format", "csv", "SELECT [1,2] l, ';' s; -- trailing; comment");

        // They were <LIST>, <STRUCT>, <INTERVAL>, <TIME>, <MAP>; a duplicate name is renamed by DuckDB and cast too.
        Assert.Equal("l,s,i,t,m,n,n2,n2_1\n\"[1, 2]\",{'a': 1},1 day,12:00:00,{1=2},42,[3],[4]\n", csv);
        Assert.Equal("""[{"user_id":400972610,"kinds":"[view, view, view, view, view]"}]""" + "\n", json);
        Assert.Equal("l,s\n\"[1, 2]\",;\n", trailing);
    }

    [Fact]
    public void A_table_piped_elsewhere_than_a_terminal_keeps_its_columns_and_has_no_escape_codes()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);

        // Even where TERM allows colour (CI and terminals set it), as `| less` or `> file` would read it.
        var start = ShopstreamProcess.StartInfo("query", "--out", temp.Path, "--max-rows", "2", "SELECT * FROM silver_events");
        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("COLUMNS");
        using var process = System.Diagnostics.Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.DoesNotContain('\u001b', output);
        var header = output.Split('\n')[1];
        foreach (string column in new[] { "event_id", "session_id", "category_code", "session_start", "event_date" })
            Assert.Contains(column, header, StringComparison.Ordinal); // a table laid out in 80 columns cut these to "ev…"
        Assert.Contains("2 row(s)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT n FROM (SELECT CASE WHEN range < 100000 THEN range ELSE error('boom at ' || range) END AS n FROM range(200000)) WHERE n < 3")]
    [InlineData("SELECT [n] AS l FROM (SELECT CASE WHEN range < 100000 THEN range ELSE error('boom at ' || range) END AS n FROM range(200000)) WHERE n < 3")] // streamed cast to text
    public void A_select_that_fails_part_way_exits_2_with_its_cause(string sql)
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);

        var (code, error) = Cli.Run("query", "--out", temp.Path, "-f", "csv", sql);

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("Invalid Input Error: boom at 1", error, StringComparison.Ordinal); // a row past 99,999, which thread finds one first
    }

    [Theory]
    [InlineData("DROP VIEW silver_events")]
    [InlineData("COPY silver_events TO '{x}'")]
    [InlineData("CREATE TABLE x AS SELECT 1")]
    [InlineData("SELECT 1; DROP VIEW silver_events")]
    [InlineData("SELEC 1")]
    [InlineData("SELECT * FROM no_such_view")]
    [InlineData("EXPLAIN ANALYZE COPY (SELECT 1) TO '{x}'")] // EXPLAIN ANALYZE runs what it explains: it wrote the file
    [InlineData("explain /* a comment */ analyse copy (select 1) to '{x}'")]
    [InlineData("EXPLAIN (FORMAT json) COPY (SELECT 1) TO '{x}'")]
    [InlineData("EXPLAIN ANALYZE SET threads = 1")]
    [InlineData("EXPLAIN ANALYZE")]
    [InlineData("EXPORT DATABASE '{x}'")] // refused, but DuckDB had made the folder as it prepared the statement
    [InlineData("/* a comment */ import database '{x}'")]
    // Read apart differently from DuckDB (a -- comment that a carriage return ends; a quote in a comment in the
    // options), these checked "SELECT 1" and ran the COPY: what runs now is rebuilt from what was checked.
    [InlineData("EXPLAIN ANALYZE -- x\rCOPY (SELECT 43 AS x) TO '{x}' /*\nSELECT 1 -- */")]
    [InlineData("EXPLAIN (ANALYZE -- '\n) COPY (SELECT 42 AS x) TO '{x}' -- ') SELECT 1")]
    public void Anything_but_a_valid_select_exits_2_with_one_line(string sql)
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        string written = temp.File("x.csv");

        var (code, error) = Cli.Run("query", "--out", temp.Path, sql.Replace("{x}", written, StringComparison.Ordinal));

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.False(File.Exists(written) || Directory.Exists(written));
    }

    [Theory]
    [InlineData("DROP TABLE no_such_table", "DROP")]
    [InlineData("insert into no_such_table values (1)", "INSERT")]
    [InlineData("DROP VIEW silver_events", "Drop")]
    public void A_write_is_refused_as_one_even_when_duckdb_cannot_prepare_it(string sql, string got)
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);

        var (code, error) = Cli.Run("query", "--out", temp.Path, sql);

        Assert.Equal(2, code); // "DROP TABLE x" said "Catalog Error: Table with name x does not exist!", as if it would have run
        Assert.Equal($"shopstream: query: only SELECT (or EXPLAIN) is allowed: the lake is read-only here (got {got})", error.Trim());
    }

    [Fact]
    public void A_pragma_that_duckdb_prepares_as_a_select_is_refused_by_its_word()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);

        var (code, error) = Cli.Run("query", "--out", temp.Path, "PRAGMA functions");

        Assert.Equal(2, code); // was "Parser Error: syntax error at or near ")"", the text query wraps a SELECT in
        Cli.AssertOneLineError(error);
        Assert.StartsWith("shopstream: query: only SELECT (or EXPLAIN) is allowed: the lake is read-only here (got PRAGMA;", error, StringComparison.Ordinal);
        Assert.Equal(2, Cli.Run("query", "--out", temp.Path, "PRAGMA version").ExitCode); // the README said it ran

        // What the README names instead: the pragma's table function.
        Assert.StartsWith("library_version,", Stdout("query", "--out", temp.Path, "-f", "csv", "SELECT * FROM pragma_version()"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PIVOT silver_events ON event_type USING count(*) GROUP BY event_date", "query: a PIVOT needs its values listed (PIVOT t ON col IN ('a', 'b') USING ...)")]
    [InlineData("SELECT * FROM (pivot silver_events ON event_type USING count(*))", "query: a PIVOT needs its values listed")]
    [InlineData("SELECT 1; SELECT 2", "query: one statement at a time: the SQL holds several (separated by ';')")]
    public void Several_statements_are_refused_saying_what_to_write(string sql, string message)
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);

        var (code, error) = Cli.Run("query", "--out", temp.Path, sql);

        Assert.Equal(2, code); // was "Invalid Input Error: Cannot prepare multiple statements at once!"
        Cli.AssertOneLineError(error);
        Assert.StartsWith("shopstream: " + message, error, StringComparison.Ordinal);
        // With its values listed a PIVOT is one SELECT, and runs.
        var (pivot, _) = Cli.Run("query", "--out", temp.Path, "PIVOT silver_events ON event_type IN ('view', 'cart') USING count(*) GROUP BY event_date");
        Assert.Equal(0, pivot);
    }

    [Fact]
    public void Sql_over_64_kib_of_utf8_exits_2_before_it_is_read()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        string euros = "SELECT 1 /* " + new string('€', 22_000) + " */"; // 22,000 characters, 66,000 bytes

        var (code, error) = Cli.Run("query", "--out", temp.Path, euros);
        var ascii = Cli.Run("query", "--out", temp.Path, "-f", "csv", "SELECT 1 /* " + new string('x', 60_000) + " */");

        Assert.Equal(2, code);
        Assert.Contains("the SQL text is over 64 KiB", error, StringComparison.Ordinal);
        Assert.Equal(0, ascii.ExitCode);
    }

    [Fact]
    public void A_query_deletes_the_download_folders_of_queries_that_were_killed()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        int ended;
        using (var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            process.WaitForExit();
            ended = process.Id;
        }

        using var alive = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        string killed = Path.Combine(Path.GetTempPath(), $"shopstream-query-{ended}-{Guid.NewGuid():N}");
        string running = Path.Combine(Path.GetTempPath(), $"shopstream-query-{alive.Id}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(killed);
        Directory.CreateDirectory(running);
        File.WriteAllText(Path.Combine(killed, "part-0.parquet"), "downloaded");
        try
        {
            Assert.Equal(0, Cli.Run("query", "--out", temp.Path, "-f", "csv", "SELECT 1").ExitCode);

            Assert.False(Directory.Exists(killed));
            Assert.True(Directory.Exists(running)); // a query still running (another live process) keeps its own
        }
        finally
        {
            alive.Kill();
            Directory.Delete(running, recursive: true);
            if (Directory.Exists(killed))
                Directory.Delete(killed, recursive: true);
        }
    }

    [Fact]
    public void A_missing_duckdb_library_is_one_line_naming_where_it_was_looked_for()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        string missing = temp.File("nowhere/libduckdb.so");

        var (code, _, error) = Cli.RunProcess(null, new Dictionary<string, string> { ["SHOPSTREAM_DUCKDB_LIB"] = missing }, "query", "--out", temp.Path, "SELECT 1");

        Assert.Equal(1, code);
        Cli.AssertOneLineError(error);
        Assert.Contains($"libduckdb.so not found at {missing} (SHOPSTREAM_DUCKDB_LIB)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_analyze_of_a_select_runs_it()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);

        var (code, output, error) = Cli.RunProcess("query", "--out", temp.Path, "--format", "csv", "EXPLAIN ANALYZE SELECT count(*) FROM silver_events");

        Assert.True(code == 0, error);
        Assert.Contains("analyzed_plan", System.Text.Encoding.UTF8.GetString(output), StringComparison.Ordinal);
    }

    [Fact]
    public void Query_without_a_lake_or_with_an_unknown_version_exits_2()
    {
        using var temp = new TempFolder();
        var (code, error) = Cli.Run("query", "--out", temp.Path, "SELECT 1");
        Assert.Equal(2, code);
        Assert.Contains("no lake", error, StringComparison.Ordinal);

        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        (code, error) = Cli.Run("query", "--out", temp.Path, "--version", "silver_events=9", "SELECT 1");
        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        (code, error) = Cli.Run("query", "--out", temp.Path, "--version", "nope=0", "SELECT 1");
        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        (code, error) = Cli.Run("query", "--out", temp.Path, "--version", "silver_events=0", "--version", "silver/events=0", "SELECT 1");
        Assert.Equal(2, code); // the last one silently won
        Assert.Equal("shopstream: --version names silver/events twice: give each table one version", error.Trim());
        (code, error) = Cli.Run("query", "--out", temp.Path, "--version", "gold/rfm=0", "--version", "gold_rfm=1", "SELECT 1");
        Assert.Equal(2, code); // a jobs' table under both spellings slipped through
        Assert.Equal("shopstream: --version names gold_rfm twice: give each table one version", error.Trim());
        (code, error) = Cli.Run("query", "--out", temp.Path, "--version", "silver_events=99999999999999999999", "SELECT 1");
        Assert.Equal(2, code); // said "write VIEW=N"
        Assert.Contains("past the largest version there can be", error, StringComparison.Ordinal);
        var upper = Cli.RunProcess("query", "--out", temp.Path, "-f", "csv", "--version", "SILVER_EVENTS=0", "SELECT count(*) AS n FROM silver_events");
        Assert.True(upper.ExitCode == 0, upper.Error); // view names are lower case; said "write VIEW=N"
        Assert.Equal("n\n4997\n", Encoding.UTF8.GetString(upper.Output));
    }

    [Fact]
    public void A_table_the_sql_does_not_name_has_its_log_left_unread()
    {
        using var temp = new TempFolder();
        var (outDir, _) = FullSampleThenItsHead(temp);
        File.WriteAllText(Path.Combine(outDir, "lake", "bronze", "events", "_delta_log", "00000000000000000000.json"), "garbage\n");

        var query = Cli.RunProcess("query", "-o", outDir, "-f", "csv", "SELECT count(*) AS n FROM silver_events");

        Assert.Equal(0, query.ExitCode);
        Assert.Equal("n\n100\n", Encoding.UTF8.GetString(query.Output));
        Assert.Equal("", query.Error); // "warning: bronze_events cannot be read": its log was read, and on S3 a failure to list it failed the query
    }

    [Fact]
    public void A_run_that_did_not_finish_is_not_shown_and_query_and_history_say_so()
    {
        using var temp = new TempFolder();
        var (outDir, _) = FullSampleThenItsHead(temp);
        // As if the second run had been killed before its last commit, the run summary's.
        File.Delete(Path.Combine(outDir, "lake", "gold", "run_summary", "_delta_log", "00000000000000000001.json"));

        var query = Cli.RunProcess("query", "-o", outDir, "-f", "csv", "SELECT (SELECT count(*) FROM bronze_events) AS bronze, (SELECT count(*) FROM silver_events) AS silver");
        string history = Stdout("lake", "history", "-o", outDir, "--table", "bronze_events");

        Assert.Equal("bronze,silver\n5000,4997\n", Encoding.UTF8.GetString(query.Output)); // was 100 bronze rows beside 4,997 silver ones
        Assert.Contains("shopstream: note: bronze_events, silver_events have commits", query.Error, StringComparison.Ordinal); // the tables it reads: it named every table
        Assert.Contains("have commits after the last finished run (of a run killed or still writing, or of another tool)", query.Error, StringComparison.Ordinal);
        Assert.Contains("(shown: the last finished run's)", history.Split('\n')[1], StringComparison.Ordinal);
        Assert.Contains("(not shown: after the last finished run)", history.Split('\n')[2], StringComparison.Ordinal);
        Assert.Equal("n\n100\n", Stdout("query", "-o", outDir, "-f", "csv", "--version", "bronze_events=1", "SELECT count(*) AS n FROM bronze_events"));
    }

    [Fact]
    public void Time_travel_reads_the_previous_run_and_history_lists_both()
    {
        using var temp = new TempFolder();
        var (outDir, between) = FullSampleThenItsHead(temp);

        Assert.Equal("n\n100\n", Stdout("query", "-o", outDir, "-f", "csv", "SELECT count(*) AS n FROM bronze_events"));
        Assert.Equal("n\n5000\n", Stdout("query", "-o", outDir, "-f", "csv", "--version", "bronze_events=0", "SELECT count(*) AS n FROM bronze_events"));
        Assert.Equal("n\n5000\n", Stdout("query", "-o", outDir, "-f", "csv", "--as-of", between.ToString("O"), "SELECT count(*) AS n FROM bronze_events"));

        var history = Stdout("lake", "history", "-o", outDir, "--table", "bronze_events").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, history.Length);
        Assert.Contains("5,000", history[1], StringComparison.Ordinal);
        Assert.Contains("100", history[2], StringComparison.Ordinal);

        // Vacuum with no retention deletes the first run's files: the latest version still reads.
        var (refused, refusal) = Cli.Run("lake", "vacuum", "-o", outDir, "--retain", "0s", "--table", "bronze/events");
        Assert.Equal(2, refused); // under Delta's 7 days, files a run still writing has not committed yet would go
        Assert.Contains("--retain 0s is under 7 days", refusal, StringComparison.Ordinal);
        Assert.Contains("would delete ", Stdout("lake", "vacuum", "-o", outDir, "--retain", "0s", "--dry-run", "--table", "bronze/events"), StringComparison.Ordinal);
        string vacuum = Stdout("lake", "vacuum", "-o", outDir, "--retain", "0s", "--allow-short-retain", "--table", "bronze/events");
        Assert.Contains("bronze/events: 1 file(s) deleted", vacuum, StringComparison.Ordinal);
        Assert.Equal("n\n100\n", Stdout("query", "-o", outDir, "-f", "csv", "SELECT count(*) AS n FROM bronze_events"));

        // The first version is gone with its files: a query that reads it says so in one line (it was DuckDB's "No
        // files found" over a DESCRIBE the user never wrote), even behind a filter; one that reads other views is not
        // stopped by it (it was, since every view is made).
        foreach (string sql in new[] { "SELECT count(*) FROM bronze_events", "SELECT user_id FROM bronze_events WHERE user_id = 1" })
        {
            var gone = Cli.RunProcess("query", "-o", outDir, "--version", "bronze_events=0", sql);
            Assert.Equal(2, gone.ExitCode);
            Cli.AssertOneLineError(gone.Error);
            Assert.Contains("bronze/events version 0 can no longer be read", gone.Error, StringComparison.Ordinal);
        }

        Assert.Equal("n\n100\n", Stdout("query", "-o", outDir, "-f", "csv", "--version", "bronze_events=0", "SELECT count(*) AS n FROM silver_events"));

        // Before the lake's first commit every table is empty: said on stderr, where it once answered 0 in silence.
        var before = Cli.RunProcess("query", "-o", outDir, "-f", "csv", "--as-of", "1970-01-01T00:00:00Z", "SELECT count(*) AS n FROM silver_events");
        Assert.Equal(0, before.ExitCode);
        Assert.Equal("n\n0\n", Encoding.UTF8.GetString(before.Output));
        Assert.Contains("had no version of a finished run yet, and read as empty: silver_events", before.Error, StringComparison.Ordinal); // the table it reads
        Assert.Contains("nothing to compact", Stdout("lake", "compact", "-o", outDir, "--table", "silver/events"), StringComparison.Ordinal);
    }
}
