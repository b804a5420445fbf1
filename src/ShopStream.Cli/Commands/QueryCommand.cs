using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ShopStream.Cli.Lake;
using ShopStream.Core.Output;
using ShopStream.Core.Text;
using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;
using ShopStream.Lake.Tables;

namespace ShopStream.Cli.Commands;

/// <summary>
/// <c>shopstream query "SQL" --lake ROOT</c>: read-only SQL over the lake's tables (views <c>bronze_events</c>,
/// <c>silver_events</c>, <c>gold_profiles</c>, ...) with DuckDB, printed as a table, CSV or JSON.
/// </summary>
internal static partial class QueryCommand
{
    /// <summary>The longest SQL text accepted.</summary>
    public const int MaxSqlLength = 64 * 1024;

    public static Command Create()
    {
        var sql = new Argument<string>("sql") { Description = "One SELECT statement (or EXPLAIN) over the lake's views: " + string.Join(", ", LakeTables.All.Select(t => t.ViewName)) + "; and, once `jobs run` has written them, " + string.Join(", ", ShopStream.Analytics.Jobs.GoldViews.Names) };
        var format = new Option<string>("--format", "-f") { Description = "table (default), csv or json (an array of objects)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var versions = new Option<string[]>("--version") { Description = "Time travel: read a table (the run's or the jobs') at a version, as VIEW=N (repeatable), e.g. silver_events=0 or gold_rfm=0", AllowMultipleArgumentsPerToken = false };
        var asOf = new Option<string>("--as-of") { Description = "Time travel: every table as of a UTC time, e.g. 2026-11-21T19:00:00Z" };
        var maxRows = new Option<long>("--max-rows") { Description = "Print at most this many rows (0: every row as csv or json, the first 10,000 as a table, which holds its rows in memory)", DefaultValueFactory = _ => 0 };
        var root = new LakeRootOptions();
        var command = new Command("query", "Run read-only SQL over the data lake's tables with DuckDB") { sql, format, versions, asOf, maxRows };
        root.AddTo(command);
        command.SetAction(parse =>
        {
            try
            {
                var options = new LakeReadOptions
                {
                    Versions = ParseVersions(parse.GetValue(versions) ?? []),
                    AsOf = parse.GetValue(asOf) is { } t ? ParseTime(t) : null,
                };
                if (options.AsOf is not null && options.Versions.Count > 0)
                    throw new ArgumentException("--version and --as-of contradict each other: use one");
                if (parse.GetValue(maxRows) is var rows and < 0)
                    throw new ArgumentException($"--max-rows must be 0 (all) or more, got {rows}");
                return Run(root.Read(parse), parse.GetRequiredValue(sql), parse.GetValue(format)!, options, parse.GetValue(maxRows));
            }
            catch (ArgumentException ex)
            {
                return JobRunner.Fail(ExitCodes.BadInput, ex);
            }
            catch (IOException ex)
            {
                return JobRunner.Fail(ExitCodes.Failed, ex); // the lake's storage did not answer (S3 down, no credentials)
            }
        });
        return command;
    }

    // Closes standard output's writer; what it still held cannot be written when the reader has gone.
    private static void Discard(StreamWriter writer)
    {
        try
        {
            writer.Dispose();
        }
        catch (IOException)
        {
        }
    }

    // EXPLAIN ANALYZE runs the statement it explains: that one must be a SELECT too (planned here, not run), and the
    // EXPLAIN that runs is rebuilt from it (ExplainedSql). Returns the statement to run.
    private static DuckDbPreparedStatement Explained(DuckDbConnection connection, string sql)
    {
        DuckDbStatementType? inner = null;
        var explained = ExplainedSql.Read(sql);
        if (explained is { Statement.Length: > 0 })
        {
            try
            {
                using var statement = connection.Prepare(explained.Statement);
                inner = statement.StatementType;
            }
            catch (DuckDbException)
            {
                // not a statement on its own as read (options in parentheses, say): refused below
            }
        }

        if (inner != DuckDbStatementType.Select)
            throw new ArgumentException($"query: only EXPLAIN [ANALYZE] of a SELECT is allowed: the lake is read-only here (it explains {inner?.ToString() ?? "a statement that cannot be told apart"})");
        var rebuilt = connection.Prepare(explained!.Rebuilt);
        if (rebuilt.StatementType != DuckDbStatementType.Explain)
        {
            rebuilt.Dispose();
            throw new ArgumentException("query: only EXPLAIN [ANALYZE] of a SELECT is allowed");
        }

        return rebuilt;
    }

    private static int Run(string lakeRoot, string sql, string format, LakeReadOptions options, long maxRows)
    {
        if (Encoding.UTF8.GetByteCount(sql) > MaxSqlLength)
            throw new ArgumentException($"the SQL text is over {MaxSqlLength / 1024} KiB");
        string cache = ProcessTempFolder.Create("query");
        try
        {
            var storage = LakeStorage.Open(lakeRoot);
            using var db = DuckDbDatabase.Open();
            using var connection = db.Connect();
            connection.Execute("SET TimeZone = 'UTC'");
            // A SELECT must not fetch code: read_parquet('https://...') made DuckDB download and load httpfs (what is
            // built in, parquet, json and icu, needs no loading).
            connection.Execute("SET autoinstall_known_extensions = false");
            connection.Execute("SET autoload_known_extensions = false");
            try
            {
                // The run's tables and the jobs' (gold_rfm, gold_daily_kpis, ...) each take the versions named for them.
                var jobNames = ShopStream.Analytics.Jobs.GoldViews.Tables;
                bool IsJobTable(string name) => jobNames.Any(t => t.ViewName == name || t.Path == name);
                var runOptions = options with { Versions = options.Versions.Where(v => !IsJobTable(v.Key)).ToDictionary() };
                if (options.Versions.Keys.FirstOrDefault(k => !IsJobTable(k) && LakeTables.Find(k) is null) is { } unknown)
                {
                    throw new ArgumentException(
                        $"no lake table '{unknown}' to read at a version (tables: {string.Join(", ", LakeTables.All.Select(t => t.ViewName).Concat(jobNames.Select(t => t.ViewName)))})");
                }

                // A damaged table gets no view, named on stderr: queries over the others still run. Only the files of
                // the views the SQL names are read (on S3, downloaded): a count over one table downloaded the whole S3
                // lake, and a table it never read could fail it. Alike on disk, so a query means the same on both.
                bool Named(string view) => Regex.IsMatch(sql, $@"\b{view}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                var shown = LakeViews.CreateAsync(
                    connection, storage, runOptions, cache,
                    unavailable: (table, ex) => Console.Error.WriteLine($"shopstream: warning: {table.ViewName} cannot be read, so it has no view: {ErrorText.FirstParagraph(ex.Message)}"),
                    fetch: Named)
                    .GetAwaiter().GetResult();
                if (options.AsOf is { } asOf && shown.Where(s => s.Snapshot is null).Select(s => s.Table.ViewName).ToList() is { Count: > 0 } none)
                {
                    // Not an error (as of then, they held nothing a finished run shows: a version written by a run
                    // that had not committed its summary yet is not shown), but a query over them answers from no rows.
                    Console.Error.WriteLine($"shopstream: as of {asOf:yyyy-MM-dd'T'HH:mm:ss.FFF'Z'} these tables had no version of a finished run yet, and read as empty: {string.Join(", ", none)}");
                }

                if (options.AsOf is null)
                    NoteUnfinishedRun(storage, shown, runOptions);

                var jobTables = ShopStream.Analytics.Jobs.GoldViews.CreateAsync(connection, storage, cache, options: options, fetch: Named).GetAwaiter().GetResult();
                if (options.AsOf is { } then)
                {
                    // Written by a later jobs run: their schema comes from the models' SQL, so there is no empty view to show.
                    var later = jobNames.Where(t => Named(t.ViewName) && !jobTables.Contains(t.ViewName)
                        && new ShopStream.Lake.Delta.DeltaTable(storage, t.Path).VersionsAsync().GetAwaiter().GetResult().Count > 0).Select(t => t.ViewName).ToList();
                    if (later.Count > 0)
                        Console.Error.WriteLine($"shopstream: as of {then:yyyy-MM-dd'T'HH:mm:ss.FFF'Z'} these jobs' tables had no version yet, and have no view: {string.Join(", ", later)}");
                }
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new ArgumentException(ex.Message.Split(" (Parameter", 2)[0], ex);
            }

            // Refused before DuckDB prepares them: preparing EXPORT DATABASE already makes its folder.
            if (ExplainedSql.BeginsWith(sql, "EXPORT") || ExplainedSql.BeginsWith(sql, "IMPORT"))
                throw new ArgumentException("query: only SELECT (or EXPLAIN) is allowed: the lake is read-only here");

            DuckDbPreparedStatement statement;
            try
            {
                statement = connection.Prepare(sql);
            }
            catch (DuckDbException ex)
            {
                // A write that DuckDB could not even prepare ("DROP TABLE x": no table x) is refused as a write, not
                // answered as if it would have run had the table existed.
                if (s_writes.FirstOrDefault(w => ExplainedSql.BeginsWith(sql, w)) is { } write)
                    throw new ArgumentException($"query: only SELECT (or EXPLAIN) is allowed: the lake is read-only here (got {write})", ex);
                if (ex.Message.Contains("multiple statements", StringComparison.Ordinal))
                    throw new ArgumentException(MultipleStatements(sql), ex);
                throw new ArgumentException("query: " + OneLine(ex.Message), ex);
            }

            if (statement.StatementType == DuckDbStatementType.Explain)
            {
                using var given = statement;
                try
                {
                    statement = Explained(connection, sql);
                }
                catch (DuckDbException ex)
                {
                    throw new ArgumentException("query: " + OneLine(ex.Message), ex);
                }
            }

            using (statement)
            {
                if (statement.StatementType is not (DuckDbStatementType.Select or DuckDbStatementType.Explain))
                    throw new ArgumentException($"query: only SELECT (or EXPLAIN) is allowed: the lake is read-only here (got {statement.StatementType})");
                // DuckDB prepares some of them as a SELECT (PRAGMA functions is a table function): refused by their
                // word as the others are, not with a parse error of the text query wraps them in.
                if (statement.StatementType == DuckDbStatementType.Select && s_writes.FirstOrDefault(w => ExplainedSql.BeginsWith(sql, w)) is { } word)
                    throw new ArgumentException($"query: only SELECT (or EXPLAIN) is allowed: the lake is read-only here (got {word}; SELECT * FROM duckdb_functions() and the like read the same)");
                if (statement.ParameterCount > 0)
                    throw new ArgumentException("query: the SQL has parameters ($1, ?) but query takes none");
                DuckDbResult result;
                string? streamedCast = null; // the SQL whose rows result streams, when not the statement's
                try
                {
                    result = statement.QueryStreaming();

                    // Twice at most: a subquery renames duplicate column names (a, a_1), which the second pass casts.
                    string current = sql;
                    for (int pass = 0; pass < 2 && statement.StatementType == DuckDbStatementType.Select && AsText(current, result) is { } castSql; pass++)
                    {
                        result.Dispose();
                        using var cast = connection.Prepare(castSql);
                        if (cast.StatementType != DuckDbStatementType.Select)
                            throw new ArgumentException("query: only one SELECT is allowed");
                        result = cast.QueryStreaming();
                        current = streamedCast = castSql;
                    }
                }
                catch (DuckDbException ex)
                {
                    throw new ArgumentException("query: " + OneLine(DeltaView.RemoteNames(ex.Message, storage, cache)), ex);
                }

                using (result)
                {
                    // Buffered (the console's writer wrote each field with a system call: 400,000 for 200k rows), and on
                    // a pipe one whose writes fail once the reader goes (`| head`), which ends the query there.
                    var stream = StandardOutput.Open();
                    var stdout = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
                    try
                    {
                        QueryOutput.Write(result, format, stdout, maxRows);
                        stdout.Flush();
                    }
                    catch (OverflowException ex)
                    {
                        throw new ArgumentException("query: " + ex.Message, ex); // a time past the year 9999, say
                    }
                    catch (DuckDbException ex)
                    {
                        result.Dispose(); // the SQL failed part way through its rows
                        throw new ArgumentException("query: " + OneLine(DeltaView.RemoteNames(CauseOf(ex, connection, statement, streamedCast), storage, cache)), ex);
                    }
                    catch (IOException) when (stream is FileStream)
                    {
                        return ExitCodes.Ok; // the reader went away (a closed pipe): nothing more to do
                    }
                    finally
                    {
                        Discard(stdout);
                    }
                }
            }

            return ExitCodes.Ok;
        }
        catch (DuckDbException ex)
        {
            return JobRunner.Fail(ExitCodes.Failed, new InvalidOperationException(OneLine(ex.Message), ex));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or DllNotFoundException)
        {
            return JobRunner.Fail(ExitCodes.Failed, ex);
        }
        finally
        {
            ProcessTempFolder.Delete(cache);
        }
    }

    // Why the streamed rows failed (DuckDbPreparedStatement.StreamedFailureCause): the lake is read-only here, so the
    // statement, or the cast of it that was streamed, may run again.
    private static string CauseOf(DuckDbException streamed, DuckDbConnection connection, DuckDbPreparedStatement statement, string? castSql)
    {
        try
        {
            using var cast = castSql is null ? null : connection.Prepare(castSql);
            return (cast ?? statement).StreamedFailureCause(streamed);
        }
        catch (DuckDbException)
        {
            return streamed.Message;
        }
    }

    // The views show the last finished run (LakeCut): a later commit on a table is a run that was killed between its
    // commits, one still committing, or another tool's append. Said once, so that nobody wonders why a query misses the latest run.
    private static void NoteUnfinishedRun(ILakeStorage storage, IReadOnlyList<(LakeTable Table, ShopStream.Lake.Delta.DeltaSnapshot? Snapshot)> shown, LakeReadOptions asked)
    {
        var behind = shown
            .Where(s => !asked.Versions.Keys.Any(k => LakeTables.Find(k) == s.Table)
                && s.Table.Open(storage).VersionsAsync().GetAwaiter().GetResult() is { Count: > 0 } versions && versions[^1] > (s.Snapshot?.Version ?? -1))
            .Select(s => s.Table.ViewName)
            .ToList();
        if (behind.Count > 0)
        {
            Console.Error.WriteLine(
                $"shopstream: note: {string.Join(", ", behind)} {(behind.Count == 1 ? "has" : "have")} commits after the last finished run (of a run killed or still writing, or of another tool); the views show the last finished run's versions (--version T=N reads any)");
        }
    }

    // Statements that write or change the session, by their first keyword.
    private static readonly string[] s_writes =
        ["DROP", "CREATE", "ALTER", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "MERGE", "ATTACH", "DETACH", "COPY", "SET", "RESET", "PRAGMA", "INSTALL", "LOAD", "USE", "CALL", "VACUUM", "CHECKPOINT"];

    internal static Dictionary<string, long> ParseVersions(string[] values)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            var m = VersionPattern().Match(v);
            if (!m.Success)
                throw new ArgumentException($"--version '{v}': write VIEW=N, e.g. silver_events=0");
            string name = m.Groups[1].Value.ToLowerInvariant(); // views are lower case: SILVER_EVENTS=0 means silver_events
            if (!long.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long version))
                throw new ArgumentException($"--version '{v}': {m.Groups[2].Value} is past the largest version there can be");
            // A table's path and view name differ only in '/' against '_' (silver/events, silver_events; gold/rfm,
            // gold_rfm), the run's tables and the jobs' alike.
            if (versions.Keys.Any(k => k.Replace('/', '_') == name.Replace('/', '_')))
                throw new ArgumentException($"--version names {name} twice: give each table one version"); // the last one won
            versions[name] = version;
        }

        return versions;
    }

    private static DateTime ParseTime(string text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw new ArgumentException($"--as-of '{text}' is not a time (e.g. 2026-11-21T19:00:00Z)");

    // DuckDB runs a PIVOT without its values listed as two statements (the values first): say what to write instead of
    // "Cannot prepare multiple statements at once!".
    private static string MultipleStatements(string sql) =>
        System.Text.RegularExpressions.Regex.IsMatch(sql, @"\bPIVOT\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
            ? "query: a PIVOT needs its values listed (PIVOT t ON col IN ('a', 'b') USING ...): without them DuckDB runs it as two statements, and query runs one SELECT"
            : "query: one statement at a time: the SQL holds several (separated by ';')";

    private static string OneLine(string message) => WhitespacePattern().Replace(message, " ").Trim();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9_/]*)=([0-9]+)$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();

    // The user's SELECT again, with each column this binding does not read (lists, structs, maps, blobs, intervals,
    // times, UUIDs) cast to VARCHAR, DuckDB's own text for it, where those printed as <LIST>, <STRUCT>, ...; null
    // when every column is readable. The SQL is the user's own, already prepared as one SELECT; the wrapped text is
    // prepared and checked again.
    private static string? AsText(string sql, DuckDbResult result)
    {
        var names = Enumerable.Range(0, result.ColumnCount)
            .Where(c => !DuckDbColumn.IsReadableType(result.ColumnType(c)))
            .Select(c => "\"" + result.ColumnName(c).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
            return null;
        return $"SELECT * REPLACE ({string.Join(", ", names.Select(n => $"CAST({n} AS VARCHAR) AS {n}"))}) FROM ({StatementText.Statement(sql)}\n) AS query";
    }
}
