using System.Globalization;
using System.Text;
using ShopStream.Benchmarks.Cli;
using ShopStream.Benchmarks.Generation;

namespace ShopStream.Benchmarks.EndToEnd;

/// <summary>
/// <c>compare --base="ARGS" --variant="ARGS" [--size 1M] [--runs 5] [--seed 46] [--busy 0.25] [--max-wait 120]</c>:
/// what an option costs. Runs <c>shopstream run --quiet</c> with the base arguments and with the variant's,
/// alternating (base, variant, base, ...) after one untimed warm-up of each, each a new child process on the same
/// generated input, and prints the medians and the variant's time as a ratio of the base's. For example the cost of
/// checkpoints: <c>--base=--no-checkpoint "--variant=--checkpoint-every 250000"</c> (with =, as the arguments start with dashes).
/// </summary>
internal static class CompareCommand
{
    public static int Run(Args args)
    {
        string baseArgs = args.String("--base", "");
        string variantArgs = args.String("--variant") ?? throw new ArgumentException("--variant=\"ARGS\" is required (the run options to compare with --base)");
        long size = args.Count("--size", 1_000_000);
        int runs = args.Int("--runs", 5);
        ulong seed = (ulong)args.Count("--seed", 46);
        double busy = double.Parse(args.String("--busy", "0.25"), CultureInfo.InvariantCulture);
        var maxWait = TimeSpan.FromSeconds(args.Int("--max-wait", 120));
        args.ThrowIfUnknown();
        if (runs < 1)
            throw new ArgumentException("--runs must be at least 1");
        if (!File.Exists(Paths.ShopStreamCli))
            throw new ArgumentException($"{Paths.ShopStreamCli} not found: publish it with `scripts/shopstream --version` (benchmarks/run.sh does)");

        var log = Console.Out;
        string input = DataCache.Ensure(new GeneratorOptions { Events = size, Seed = seed }, log);
        string dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        string outRoot = Path.Combine(Paths.Data, "compare-out");
        RunMeasurement Once(string name, string extra, double background)
        {
            string outDir = Path.Combine(outRoot, name);
            if (Directory.Exists(outDir))
                Directory.Delete(outDir, recursive: true);
            string[] argv = [Paths.ShopStreamCli, "run", "--input", input, "--out", outDir, "--quiet", .. Split(extra)];
            return ChildProcess.Run(name, dotnet, argv, background);
        }

        log.WriteLine($"{Args.FormatCount(size)} events: {input}; warm-up run of each (not timed)");
        Once("base", baseArgs, 0);
        Once("variant", variantArgs, 0);
        var bases = new List<RunMeasurement>();
        var variants = new List<RunMeasurement>();
        for (int i = 0; i < runs; i++)
        {
            bases.Add(Once("base", baseArgs, MachineLoad.WaitForQuiet(busy, maxWait, log)));
            Report.Progress(log, i + 1, runs, bases[^1], size);
            variants.Add(Once("variant", variantArgs, MachineLoad.WaitForQuiet(busy, maxWait, log)));
            Report.Progress(log, i + 1, runs, variants[^1], size);
        }

        double b = Median(bases.Select(m => m.WallSeconds)), v = Median(variants.Select(m => m.WallSeconds));
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"| {Args.FormatCount(size)} events, {runs} runs each | median wall | events/s | median CPU | median peak RSS |");
        table.AppendLine("|---|---|---|---|---|");
        Row(table, $"base `{baseArgs}`", bases, size);
        Row(table, $"variant `{variantArgs}`", variants, size);
        table.AppendLine(CultureInfo.InvariantCulture, $"\nvariant / base (median wall): **{v / b:F3}** ({(v / b - 1) * 100:+0.0;-0.0}%)");

        // Each round's variant against the base run just before it: a machine whose speed drifts over the series moves
        // both alike, so the rounds' ratios vary less than the two medians.
        var ratios = bases.Zip(variants, (bm, vm) => vm.WallSeconds / bm.WallSeconds).Order().ToList();
        table.AppendLine(CultureInfo.InvariantCulture, $"variant / base, median of the {runs} rounds' ratios: **{Median(ratios):F3}** (middle half {Quantile(ratios, 0.25):F3}-{Quantile(ratios, 0.75):F3})");
        log.WriteLine();
        log.Write(table);
        return 0;
    }

    private static void Row(StringBuilder table, string name, List<RunMeasurement> runs, long size)
    {
        double wall = Median(runs.Select(m => m.WallSeconds));
        table.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {wall:F2} s | {size / wall:N0} | {Median(runs.Select(m => m.CpuSeconds)):F2} s | {Median(runs.Select(m => (double)m.PeakRssKb)) / 1024:N0} MiB |");
    }

    // Linear between the nearest ranks of sorted values.
    private static double Quantile(List<double> sorted, double q)
    {
        double at = q * (sorted.Count - 1);
        int low = (int)Math.Floor(at);
        int high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (at - low));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string[] Split(string args) => args.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
