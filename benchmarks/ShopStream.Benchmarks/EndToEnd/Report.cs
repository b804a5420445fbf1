using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ShopStream.Benchmarks.Cli;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Benchmarks.EndToEnd;

/// <summary>The end-to-end results as markdown: context (date, command, machine, versions), the medians, and every run.</summary>
internal static class Report
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static void Progress(TextWriter log, int run, int runs, RunMeasurement m, long events) =>
        log.WriteLine(string.Create(
            s_inv,
            $"  run {run}/{runs} {m.Engine,-10} {m.WallSeconds,7:F2} s  {events / m.WallSeconds,12:N0} events/s  " +
            $"cpu {m.CpuSeconds,6:F2} s  peak RSS {m.PeakRssKb / 1024.0,7:N0} MiB  (other work: {m.BackgroundCpu:P0} before, {m.BackgroundDuring:P0} during)"));

    public static string Markdown(
        string machine,
        string command,
        ulong seed,
        int threads,
        int runs,
        IReadOnlyList<string> runArgs,
        EndToEndCommand.GoldenCheck golden,
        IReadOnlyList<EndToEndCommand.SizeResult> results)
    {
        var sb = new StringBuilder();
        void Line(FormattableString s) => sb.AppendLine(s.ToString(s_inv));

        Line($"# End to end: ShopStream vs DuckDB on `{machine}`");
        Line($"");
        Line($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Line($"- Command: `{command}`");
        Line($"- Machine: `{machine}`: {CpuModel()}, {Environment.ProcessorCount} logical CPUs, {MemoryGiB():F1} GiB RAM, {OsName()}");
        Line($"- Runtime: {RuntimeInformation.FrameworkDescription}; ShopStream {SourceRevision()}, Release build, default options ({Environment.ProcessorCount} partitions); DuckDB {DuckDbLibrary.Version} through its C API, `threads = {threads}`");
        Line($"- Input: synthetic REES46-shaped CSV from `gen` (seed {seed}, users churn), cached under benchmarks/data/");
        Line($"- Method: one untimed warm-up run of each engine, then {runs} runs of each, alternating ShopStream, DuckDB, ShopStream, ... Each run is a new child process (`dotnet .build/shopstream/shopstream.dll run --input F --out D --quiet{string.Concat(runArgs.Select(a => " " + a))}`, the ReadyToRun publish of `scripts/shopstream`, `dotnet ShopStream.Benchmarks.dll duckdb --input F --out J`), so times include .NET start-up, and for ShopStream writing profiles.csv and sessions.csv as well as summary.json. Peak RSS: maximum resident set size of the child ({results.SelectMany(r => r.ShopStream).Select(m => m.Source).FirstOrDefault() ?? "-"}).");
        Line($"- Golden check on the 5,000-row sample: ShopStream {Verdict(golden.ShopStream)}, DuckDB {Verdict(golden.DuckDb)}");
        Line($"");
        Line($"| events | input | engine | median wall s | min–max s | events/s (median) | CPU s (median) | peak RSS MiB (median) | ShopStream / DuckDB time |");
        Line($"|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            double ss = Median(r.ShopStream.Select(m => m.WallSeconds));
            double dd = Median(r.DuckDb.Select(m => m.WallSeconds));
            foreach (var (name, runsOf) in new[] { ("ShopStream", r.ShopStream), ("DuckDB", r.DuckDb) })
            {
                double median = Median(runsOf.Select(m => m.WallSeconds));
                string ratio = name == "ShopStream" ? (ss / dd).ToString("F2", s_inv) : "";
                Line($"| {Args.FormatCount(r.Events)} | {r.InputBytes / 1e6:N0} MB | {name} | {median:F2} | {runsOf.Min(m => m.WallSeconds):F2}–{runsOf.Max(m => m.WallSeconds):F2} | {r.Events / median:N0} | {Median(runsOf.Select(m => m.CpuSeconds)):F2} | {Median(runsOf.Select(m => (double)m.PeakRssKb)) / 1024:N0} | {ratio} |");
            }
        }

        Line($"");
        Line($"Summaries (events_read, duplicates, events_by_type ×4, users, sessions, sessions_with_purchase, purchasing_users, revenue, segments ×5; every run checked against the first run of its engine, and the two engines against each other):");
        Line($"");
        foreach (var r in results)
        {
            var s = r.ShopStreamSummary;
            Line($"- {Args.FormatCount(r.Events)}: {(r.Mismatches.Count == 0 ? "**identical**" : $"**{r.Mismatches.Count} mismatch(es)**: " + string.Join("; ", r.Mismatches))} (users {s.Users:N0}, sessions {s.Sessions:N0}, sessions_with_purchase {s.SessionsWithPurchase:N0}, purchasing_users {s.PurchasingUsers:N0}, duplicates {s.DuplicatesDropped:N0}, revenue {s.Revenue:N2}, late_events {s.LateEvents:N0})");
        }

        var all = results.SelectMany(r => r.ShopStream.Concat(r.DuckDb)).ToList();
        if (all.Count > 0)
        {
            Line($"");
            Line($"Other work on the machine (share of all CPUs): in the 0.5 s before each timed run (the benchmark waits for it to fall below 25%, up to 2 min) median {Median(all.Select(m => m.BackgroundCpu)):P0}, max {all.Max(m => m.BackgroundCpu):P0}; during the runs (machine CPU time less the child's) median {Median(all.Select(m => m.BackgroundDuring)):P0}, max {all.Max(m => m.BackgroundDuring):P0}.");
        }

        Line($"");
        Line($"All runs:");
        Line($"");
        Line($"| events | engine | run | wall s | user s | sys s | peak RSS MiB | other work before | other work during |");
        Line($"|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            for (int i = 0; i < r.ShopStream.Count; i++)
            {
                foreach (var m in new[] { r.ShopStream[i], r.DuckDb[i] })
                    Line($"| {Args.FormatCount(r.Events)} | {m.Engine} | {i + 1} | {m.WallSeconds:F2} | {m.UserSeconds:F2} | {m.SystemSeconds:F2} | {m.PeakRssKb / 1024.0:N0} | {m.BackgroundCpu:P0} | {m.BackgroundDuring:P0} |");
            }
        }

        return sb.ToString();
    }

    private static string Verdict(List<string> diffs) => diffs.Count == 0 ? "matches every golden number" : "MISMATCH: " + string.Join("; ", diffs);

    private static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        if (v.Length == 0)
            return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static double MemoryGiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (double)(1L << 30);

    private static string OsName()
    {
        try
        {
            var line = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.OSDescription : line["PRETTY_NAME=".Length..].Trim('"');
        }
        catch (IOException)
        {
            return RuntimeInformation.OSDescription;
        }
    }

    // Read-only git queries: the commit, and whether src/ had uncommitted changes when measured.
    private static string SourceRevision()
    {
        string? commit = Git("rev-parse --short HEAD")?.Trim();
        if (string.IsNullOrEmpty(commit))
            return "(revision unknown)";
        string? dirty = Git("status --porcelain -- src");
        return string.IsNullOrWhiteSpace(dirty) ? $"at commit {commit}" : $"at commit {commit} plus uncommitted changes in src/";
    }

    private static string? Git(string arguments)
    {
        try
        {
            var psi = new ProcessStartInfo("git", $"-C \"{Paths.Root}\" {arguments}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var p = Process.Start(psi);
            if (p is null)
                return null;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
