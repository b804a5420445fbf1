using System.Diagnostics;
using ShopStream.Benchmarks.Cli;
using ShopStream.Benchmarks.EndToEnd;
using ShopStream.Core.Output;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Benchmarks.DuckDb;

/// <summary>
/// <c>duckdb --input FILE [--out summary.json] [--threads 2] [--golden] [--explain]</c>,
/// or <c>duckdb --sql TEXT</c> to run any query: SPEC's summary of a REES46 CSV by DuckDB,
/// written as summary.json (to stdout without <c>--out</c>). <c>--golden</c> also checks it against the golden
/// numbers of the 5,000-row sample and fails on any difference.
/// </summary>
internal static class DuckDbCommand
{
    public static int Run(Args args)
    {
        if (args.String("--sql") is { } sql)
            return RunSql(sql, args.Int("--threads", Environment.ProcessorCount));
        string input = args.String("--input") ?? (args.Flag("--golden") ? Paths.Sample : throw new ArgumentException("--input FILE is required"));
        string? output = args.String("--out");
        int threads = args.Int("--threads", Environment.ProcessorCount);
        bool golden = args.Flag("--golden");
        bool explain = args.Flag("--explain");
        args.ThrowIfUnknown();
        if (explain)
        {
            // The query plan with per-operator timings, to see where DuckDB spends its time.
            using var db = DuckDbDatabase.Open();
            using var connection = db.Connect();
            connection.Execute($"SET threads = {threads}");
            using var plan = connection.Query("EXPLAIN ANALYZE " + DuckDbSummaryQuery.Sql(Path.GetFullPath(input)));
            foreach (var chunk in plan.Chunks())
            {
                for (int row = 0; row < chunk.RowCount; row++)
                    Console.WriteLine(chunk.Column(chunk.ColumnCount - 1).Text(row));
            }

            return 0;
        }

        var clock = Stopwatch.StartNew();
        var summary = DuckDbSummaryQuery.Run(input, threads);
        Console.Error.WriteLine($"duckdb {DuckDbLibrary.Version}: {input}: {summary.EventsRead:N0} rows in {clock.Elapsed.TotalSeconds:N3} s (threads={threads})");
        if (output is null)
        {
            using var stdout = Console.OpenStandardOutput();
            SummaryJson.Write(stdout, summary);
        }
        else
        {
            using var file = File.Create(output);
            SummaryJson.Write(file, summary);
        }

        if (!golden)
            return 0;
        var diffs = SummaryComparison.Compare(GoldenSample.Summary, summary, "golden", "duckdb");
        foreach (var d in diffs)
            Console.Error.WriteLine($"  mismatch {d}");
        Console.Error.WriteLine(diffs.Count == 0 ? "golden: DuckDB matches every golden number" : $"golden: {diffs.Count} mismatch(es)");
        return diffs.Count == 0 ? 0 : 1;
    }

    // Any SQL, results tab-separated: for trying variants of the reference query.
    private static int RunSql(string sql, int threads)
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        connection.Execute($"SET threads = {threads}");
        var clock = Stopwatch.StartNew();
        using var r = connection.Query(sql);
        Console.Error.WriteLine($"{clock.Elapsed.TotalSeconds:N3} s");
        Console.WriteLine(string.Join('\t', Enumerable.Range(0, r.ColumnCount).Select(r.ColumnName)));
        foreach (var chunk in r.Chunks())
        {
            for (int row = 0; row < chunk.RowCount; row++)
                Console.WriteLine(string.Join('\t', Enumerable.Range(0, chunk.ColumnCount).Select(c => chunk.Column(c).Text(row))));
        }

        return 0;
    }
}
