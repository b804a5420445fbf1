using System.Globalization;
using System.Text;
using System.Text.Json;
using ShopStream.Benchmarks.Cli;
using ShopStream.Benchmarks.Generation;

namespace ShopStream.Benchmarks.EndToEnd;

/// <summary>
/// <c>scaling [--sizes 1M,5M,20M,50M] [--runs 3] [--big-runs 1] [--variants "ARGS|ARGS|..."] [--no-spill-up-to 20M]
/// [--results FILE]</c>: the curve of time and peak memory against input size. For each size (generated with churn,
/// cached) and each variant of <c>shopstream run --quiet --no-checkpoint</c> options (default: no spill, the default
/// run; the spill with a 48-hour and with a 2-hour state horizon), runs child processes (<c>--runs</c> each up to 5M
/// events, <c>--big-runs</c> above) and reports median wall and CPU time, events/s and peak RSS, with the users and
/// sessions found (equal across variants, or the command fails). The run without spill is skipped above
/// <c>--no-spill-up-to</c> (it needs memory in proportion to the input). The table is rewritten after every size.
/// </summary>
internal static class ScalingCommand
{
    private const string NoSpill = "";

    public static int Run(Args args)
    {
        var sizes = args.String("--sizes", "1M,5M,20M,50M").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Args.ParseCount).ToList();
        int runs = args.Int("--runs", 3);
        int bigRuns = args.Int("--big-runs", 1);
        var variants = args.String("--variants", $"{NoSpill}|--state-horizon 48h|--state-horizon 2h").Split('|').Select(v => v.Trim()).ToList();
        long noSpillUpTo = args.Count("--no-spill-up-to", 20_000_000);
        string results = args.String("--results") ?? Path.Combine(Paths.Results, $"{Environment.MachineName}-scaling.md");
        args.ThrowIfUnknown();
        if (!File.Exists(Paths.ShopStreamCli))
            throw new ArgumentException($"{Paths.ShopStreamCli} not found: publish it with `scripts/shopstream --version` (benchmarks/run.sh does)");

        var log = Console.Out;
        string dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        string outDir = Path.Combine(Paths.Data, "scaling-out");
        var rows = new StringBuilder();
        foreach (long size in sizes)
        {
            string input = DataCache.Ensure(new GeneratorOptions { Events = size, Seed = 46 }, log);
            (long Users, long Sessions)? found = null;
            foreach (string variant in variants)
            {
                if (variant == NoSpill && size > noSpillUpTo)
                    continue;
                var measured = new List<RunMeasurement>();
                int n = size <= 5_000_000 ? runs : bigRuns;
                for (int i = 0; i < n; i++)
                {
                    if (Directory.Exists(outDir))
                        Directory.Delete(outDir, recursive: true);
                    string[] argv = [Paths.ShopStreamCli, "run", "--input", input, "--out", outDir, "--quiet", "--no-checkpoint", .. variant.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
                    measured.Add(ChildProcess.Run(Label(variant), dotnet, argv, MachineLoad.Sample(TimeSpan.FromSeconds(1))));
                    Report.Progress(log, i + 1, n, measured[^1], size);
                }

                var counts = SummaryCounts(outDir);
                if (found is { } f && f != counts)
                    throw new InvalidOperationException($"{Label(variant)} found {counts} users and sessions, another variant {f}");
                found = counts;
                rows.AppendLine(Row(size, variant, measured, counts, OutputBytes(outDir)));
                Directory.Delete(outDir, recursive: true);
                File.WriteAllText(results, Table(rows));
            }
        }

        log.WriteLine();
        log.Write(Table(rows));
        log.WriteLine($"written to {results}");
        return 0;
    }

    private static string Label(string variant) => variant.Length == 0 ? "no spill (default)" : variant;

    private static string Row(long size, string variant, List<RunMeasurement> runs, (long Users, long Sessions) counts, long outputBytes)
    {
        double wall = Median(runs.Select(m => m.WallSeconds));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {Args.FormatCount(size)} | `{Label(variant)}` | {runs.Count} | {wall:F1} | {size / wall:N0} | {Median(runs.Select(m => m.CpuSeconds)):F1} | " +
            $"{Median(runs.Select(m => (double)m.PeakRssKb)) / 1024:N0} | {runs.Max(m => m.BackgroundDuring):P0} | {counts.Users:N0} | {counts.Sessions:N0} | {outputBytes / 1e6:N0} |");
    }

    private static string Table(StringBuilder rows) =>
        $"""
        # Scaling: time and peak memory against input size

        Command: `benchmarks/run.sh scaling` on `{Environment.MachineName}` ({Environment.ProcessorCount} cores), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.
        Inputs: the benchmarks' generator with churn (seed 46). Each run a new `shopstream run --quiet --no-checkpoint` process;
        medians over the runs. "others" is the largest share of the machine's CPU other work used during a run.

        | events | options | runs | wall s | events/s | CPU s | peak RSS MiB | others | users | sessions | output MB |
        |---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
        {rows}
        """;

    private static (long Users, long Sessions) SummaryCounts(string outDir)
    {
        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "summary.json")));
        return (summary.RootElement.GetProperty("users").GetInt64(), summary.RootElement.GetProperty("sessions").GetInt64());
    }

    private static long OutputBytes(string outDir) =>
        Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
