using System.Globalization;
using ShopStream.Benchmarks.Cli;
using ShopStream.Benchmarks.Generation;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Benchmarks.EndToEnd;

/// <summary>
/// <c>e2e [--sizes 1M,5M] [--20m] [--runs 5] [--seed 46] [--threads N] [--max-wait 120] [--busy 0.25] [--results FILE] [--no-write] [--run-args="ARGS"]</c>:
/// for each size, generates (or reuses) the input, checks both engines on the golden sample, then alternates
/// <c>shopstream run --quiet ARGS</c> (e.g. <c>--run-args=--profiles-only</c>: the job DuckDB's query does) and the DuckDB summary query, each as a child process, and reports medians,
/// events/s, peak RSS and whether both summaries agree, as a markdown table (written to benchmarks/results/MACHINE.md).
/// </summary>
internal static class EndToEndCommand
{
    public static int Run(Args args, IReadOnlyList<string> rawArgs)
    {
        var sizes = args.String("--sizes", "1M,5M").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Args.ParseCount).ToList();
        if (args.Flag("--20m") && !sizes.Contains(20_000_000))
            sizes.Add(20_000_000);
        int runs = args.Int("--runs", 5);
        ulong seed = (ulong)args.Count("--seed", 46);
        int threads = args.Int("--threads", Environment.ProcessorCount);
        var maxWait = TimeSpan.FromSeconds(args.Int("--max-wait", 120));
        double busy = double.Parse(args.String("--busy", "0.25"), CultureInfo.InvariantCulture);
        string machine = Environment.MachineName;
        string resultsFile = args.String("--results") ?? Path.Combine(Paths.Results, $"{machine}.md");
        bool write = !args.Flag("--no-write");
        string[] runArgs = args.String("--run-args", "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        args.ThrowIfUnknown();
        if (runs < 1)
            throw new ArgumentException("--runs must be at least 1");

        var runner = new Runner(threads, runArgs);
        var log = Console.Out;
        log.WriteLine($"shopstream: {runner.ShopStreamDll}");
        log.WriteLine($"duckdb:     {DuckDbLibrary.Path} ({DuckDbLibrary.Version}, threads={threads})");

        var golden = runner.CheckGolden(log);
        var results = new List<SizeResult>();
        foreach (long size in sizes)
        {
            var gen = new GeneratorOptions { Events = size, Seed = seed };
            string input = DataCache.Ensure(gen, log);
            results.Add(runner.Measure(size, input, runs, busy, maxWait, log));
        }

        string command = Environment.GetEnvironmentVariable("SHOPSTREAM_BENCH_COMMAND") is { Length: > 0 } c
            ? c
            : "dotnet ShopStream.Benchmarks.dll e2e " + string.Join(' ', rawArgs);
        string report = Report.Markdown(machine, command, seed, threads, runs, runArgs, golden, results);
        log.WriteLine();
        log.WriteLine(report);
        if (write)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(resultsFile)!);
            File.WriteAllText(resultsFile, report);
            log.WriteLine($"written to {resultsFile}");
        }

        bool ok = golden.ShopStream.Count == 0 && golden.DuckDb.Count == 0 && results.All(r => r.Mismatches.Count == 0);
        return ok ? 0 : 1;
    }

    /// <summary>Differences from the golden numbers for each engine on the 5,000-row sample.</summary>
    internal sealed record GoldenCheck(List<string> ShopStream, List<string> DuckDb);

    /// <summary>All runs of one size.</summary>
    internal sealed record SizeResult(
        long Events,
        long InputBytes,
        string Input,
        List<RunMeasurement> ShopStream,
        List<RunMeasurement> DuckDb,
        RunSummary ShopStreamSummary,
        List<string> Mismatches);

    private sealed class Runner(int threads, string[] runArgs)
    {
        private readonly string _dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        private readonly string _self = typeof(Runner).Assembly.Location;

        public string ShopStreamDll { get; } = File.Exists(Paths.ShopStreamCli)
            ? Paths.ShopStreamCli
            : throw new ArgumentException($"{Paths.ShopStreamCli} not found: publish it with `scripts/shopstream --version` (benchmarks/run.sh does)");

        private static string OutputRoot => Path.Combine(Paths.Data, "e2e-out");

        public GoldenCheck CheckGolden(TextWriter log)
        {
            string dir = Path.Combine(OutputRoot, "golden");
            var (ss, _) = RunShopStream(Paths.Sample, dir, 0);
            var (dd, _) = RunDuckDb(Paths.Sample, dir, 0);
            var check = new GoldenCheck(
                SummaryComparison.Compare(GoldenSample.Summary, ss, "golden", "shopstream"),
                SummaryComparison.Compare(GoldenSample.Summary, dd, "golden", "duckdb"));
            log.WriteLine($"golden sample: shopstream {Verdict(check.ShopStream)}, duckdb {Verdict(check.DuckDb)}");
            foreach (var d in check.ShopStream.Concat(check.DuckDb))
                log.WriteLine($"  {d}");
            return check;
        }

        public SizeResult Measure(long events, string input, int runs, double busy, TimeSpan maxWait, TextWriter log)
        {
            string dir = Path.Combine(OutputRoot, Args.FormatCount(events));
            log.WriteLine($"{Args.FormatCount(events)} events: {input}; warm-up run of each (not timed)");
            var (ssRef, _) = RunShopStream(input, dir, 0);
            var (ddRef, _) = RunDuckDb(input, dir, 0);
            var mismatches = SummaryComparison.Compare(ssRef, ddRef, "shopstream", "duckdb");
            log.WriteLine($"  summaries: {Verdict(mismatches)}");
            foreach (var m in mismatches)
                log.WriteLine($"    {m}");

            var ssRuns = new List<RunMeasurement>();
            var ddRuns = new List<RunMeasurement>();
            for (int i = 0; i < runs; i++)
            {
                var (ss, ssRun) = RunShopStream(input, dir, MachineLoad.WaitForQuiet(busy, maxWait, log));
                ssRuns.Add(ssRun);
                Report.Progress(log, i + 1, runs, ssRun, events);
                mismatches.AddRange(SummaryComparison.Compare(ssRef, ss, "shopstream(first)", $"shopstream(run {i + 1})"));

                var (dd, ddRun) = RunDuckDb(input, dir, MachineLoad.WaitForQuiet(busy, maxWait, log));
                ddRuns.Add(ddRun);
                Report.Progress(log, i + 1, runs, ddRun, events);
                mismatches.AddRange(SummaryComparison.Compare(ddRef, dd, "duckdb(first)", $"duckdb(run {i + 1})"));
            }

            return new SizeResult(events, new FileInfo(input).Length, input, ssRuns, ddRuns, ssRef, mismatches);
        }

        private (RunSummary, RunMeasurement) RunShopStream(string input, string dir, double background)
        {
            string outDir = Path.Combine(dir, "shopstream");
            if (Directory.Exists(outDir))
                Directory.Delete(outDir, recursive: true);
            var m = ChildProcess.Run("shopstream", _dotnet, [ShopStreamDll, "run", "--input", input, "--out", outDir, "--quiet", .. runArgs], background);
            return (new RunDirectory(outDir).ReadSummary(), m);
        }

        private (RunSummary, RunMeasurement) RunDuckDb(string input, string dir, double background)
        {
            Directory.CreateDirectory(dir);
            string json = Path.Combine(dir, "duckdb-summary.json");
            File.Delete(json);
            var m = ChildProcess.Run(
                "duckdb",
                _dotnet,
                [_self, "duckdb", "--input", input, "--out", json, "--threads", threads.ToString(CultureInfo.InvariantCulture)],
                background);
            using var s = File.OpenRead(json);
            return (SummaryJson.Read(s), m);
        }

        private static string Verdict(List<string> diffs) => diffs.Count == 0 ? "match" : $"{diffs.Count} MISMATCH(ES)";
    }
}
