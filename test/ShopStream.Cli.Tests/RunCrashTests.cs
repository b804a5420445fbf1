using System.Diagnostics;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary>
/// `shopstream run` killed with SIGKILL at random moments, several times, and started again with the same
/// `--out` ends with every output byte-identical to a clean run's. The moments are points of progress (the
/// newest checkpoint's sequence, then a random few milliseconds more), not wall-clock delays, so the kills land
/// mid-run however fast the machine is.
/// </summary>
public sealed class RunCrashTests
{
    // No data lake: its files carry commit times and random names, and a run with one starts over.
    private static readonly string[] s_options = ["--partitions", "3", "--checkpoint-every", "20000", "--checkpoint-interval", "0s"];

    [Fact]
    public void Run_killed_at_random_moments_and_resumed_equals_a_clean_run()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        ShiftedSample.Write(input, copies: 60); // ~300k rows: ~15 checkpoints
        string clean = temp.File("clean"), crashed = temp.File("crashed");
        Assert.Equal(0, Cli.RunProcess(["run", "--input", input, "--out", clean, "--quiet", "--no-checkpoint"]).ExitCode);

        var random = new Random(7);
        int killed = 0;
        foreach (var (low, high) in new[] { (2, 4), (6, 8), (10, 12) })
        {
            if (KillAfterCheckpoint(input, crashed, random.Next(low, high + 1), random.Next(0, 40)))
                killed++;
        }

        var finish = Cli.RunProcess(["run", "--input", input, "--out", crashed, .. s_options]);

        Assert.True(finish.ExitCode == 0, finish.Error);
        Assert.True(killed >= 2, $"only {killed} of the runs were killed before they finished");
        string report = System.Text.Encoding.UTF8.GetString(finish.Output);
        Assert.Contains("resuming from checkpoint", report, StringComparison.Ordinal);
        // Its rate is of what it read itself, the records before the checkpoint left out (they doubled its speed).
        static long Number(string text, string pattern) => long.Parse(System.Text.RegularExpressions.Regex.Match(text, pattern).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        long before = Number(report, @"resuming from checkpoint \d+: ([\d,]+) records already processed");
        long now = Number(report, @"\n([\d,]+) events in [\d.]+ s \(");
        using (var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(crashed, "summary.json"))))
            Assert.Equal(summary.RootElement.GetProperty("events_read").GetInt64(), before + now);
        Assert.Contains("; the results cover all ", report, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(crashed, "checkpoint")), "a finished run leaves no checkpoint behind");
        var expected = Outputs(clean);
        Assert.True(expected.Count >= 12, $"only {expected.Count} output files");
        Assert.Equal(expected.Keys, Outputs(crashed).Keys);
        foreach (var (name, bytes) in Outputs(crashed))
            Assert.True(expected[name].AsSpan().SequenceEqual(bytes), $"{name} differs from the clean run's");
    }

    [Fact]
    public void From_scratch_discards_the_checkpoint_and_gives_the_same_results()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        ShiftedSample.Write(input, copies: 30);
        string clean = temp.File("clean"), crashed = temp.File("crashed");
        Assert.Equal(0, Cli.RunProcess(["run", "--input", input, "--out", clean, "--quiet", "--no-checkpoint"]).ExitCode);
        Assert.True(KillAfterCheckpoint(input, crashed, 3, 0), "the run finished before it could be killed");

        var again = Cli.RunProcess(["run", "--input", input, "--out", crashed, "--from-scratch", .. s_options]);

        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("resuming", System.Text.Encoding.UTF8.GetString(again.Output), StringComparison.Ordinal);
        Assert.Equal(Outputs(clean), Outputs(crashed));
    }

    [Fact]
    public void A_damaged_newest_checkpoint_is_passed_over_with_a_warning_and_the_results_are_the_same()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        ShiftedSample.Write(input, copies: 30);
        string clean = temp.File("clean"), crashed = temp.File("crashed");
        Assert.Equal(0, Cli.RunProcess(["run", "--input", input, "--out", clean, "--quiet", "--no-checkpoint"]).ExitCode);
        Assert.True(KillAfterCheckpoint(input, crashed, 3, 0), "the run finished before it could be killed");
        string newest = Directory.GetFiles(Path.Combine(crashed, "checkpoint"), "*.ckpt").Max(StringComparer.Ordinal)!;
        var bytes = File.ReadAllBytes(newest);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(newest, bytes);

        var resumed = Cli.RunProcess(["run", "--input", input, "--out", crashed, .. s_options]);

        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains($"shopstream: warning: {newest} is damaged (checksum mismatch): resuming from the checkpoint before it", resumed.Error, StringComparison.Ordinal); // it fell back without a word
        Assert.Equal(Outputs(clean), Outputs(crashed));
    }

    [Fact]
    public void A_killed_run_run_again_with_a_lake_starts_over_and_writes_the_whole_lake()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        ShiftedSample.Write(input, copies: 30);
        string clean = temp.File("clean"), crashed = temp.File("crashed");
        Assert.Equal(0, Cli.RunProcess(["run", "--input", input, "--out", clean, "--quiet", "--no-checkpoint"]).ExitCode);
        Assert.True(KillAfterCheckpoint(input, crashed, 2, 0), "the run finished before it could be killed");

        var again = Cli.RunProcess(["run", "--input", input, "--out", crashed, "--quiet", .. s_options, "--lake"]);

        // It resumed without a lake, exit 0: the folder's results beside the earlier run's lake, or none.
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("shopstream: note: starting over rather than resuming from checkpoint ", again.Error, StringComparison.Ordinal);
        Assert.Contains("the data lake needs every event of the run", again.Error, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Combine(clean, "summary.json")), File.ReadAllBytes(Path.Combine(crashed, "summary.json")));
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(clean, "summary.json")));
        long counted = summary.RootElement.GetProperty("events_accepted").GetInt64() - summary.RootElement.GetProperty("duplicates_dropped").GetInt64();
        var silver = Cli.RunProcess(["query", "--out", crashed, "--format", "csv", "SELECT count(*) AS n FROM silver_events"]);
        Assert.True(silver.ExitCode == 0, silver.Error);
        Assert.Equal($"n\n{counted}\n", System.Text.Encoding.UTF8.GetString(silver.Output).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void What_a_killed_lake_or_spilling_run_staged_is_gone_after_the_next_run_that_writes_neither()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        ShiftedSample.Write(input, copies: 30);
        string crashed = temp.File("crashed");
        Assert.True(KillAfterCheckpoint(input, crashed, 2, 0, "--lake", "--state-horizon", "0s"), "the run finished before it could be killed");
        Assert.True(Directory.Exists(Path.Combine(crashed, ".lake-staging")) && Directory.Exists(Path.Combine(crashed, ".spill")), "the killed run staged its lake and spilled");

        // It kept silver's spool (13 MB at 1M events) and the spill's runs for good.
        Assert.Equal(0, Cli.RunProcess(["run", "--input", input, "--out", crashed, "--quiet", .. s_options, "--from-scratch"]).ExitCode);

        Assert.False(Directory.Exists(Path.Combine(crashed, ".lake-staging")));
        Assert.False(Directory.Exists(Path.Combine(crashed, ".spill")));
    }

    [Fact]
    public void A_checkpoint_of_other_options_is_a_one_line_error()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        ShiftedSample.Write(input, copies: 30);
        string crashed = temp.File("crashed");
        Assert.True(KillAfterCheckpoint(input, crashed, 2, 0), "the run finished before it could be killed");

        var other = Cli.RunProcess(["run", "--input", input, "--out", crashed, "--session-gap", "10m", .. s_options]);

        Assert.Equal(2, other.ExitCode);
        Cli.AssertOneLineError(other.Error);
        Assert.Contains("--from-scratch", other.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_killed_while_it_commits_its_lake_has_no_summary_until_the_lake_is_whole()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        ShiftedSample.Write(input, copies: 30);
        string output = temp.File("out");
        string firstCommit = Path.Combine(output, "lake", "bronze", "events", "_delta_log", "00000000000000000000.json");
        string lastCommit = Path.Combine(output, "lake", "gold", "run_summary", "_delta_log", "00000000000000000000.json");
        using (var process = Process.Start(ShopstreamProcess.StartInfo("run", "--input", input, "--out", output, "--quiet", "--lake", "--no-checkpoint"))!)
        {
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(firstCommit) && !process.WaitForExit(1))
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(1), "the run committed nothing for a minute");
            if (!process.HasExited)
                process.Kill(); // SIGKILL, among the lake's commits
            process.WaitForExit();
        }

        // The summary is written last, after every commit: its run's outputs are whole where it exists.
        Assert.True(File.Exists(firstCommit));
        Assert.True(!File.Exists(Path.Combine(output, "summary.json")) || File.Exists(lastCommit), "summary.json was there before the lake's last commit");
    }

    // Starts a run and kills it (SIGKILL) `extraMs` after its checkpoint number `sequence` is written; false when it finished first.
    private static bool KillAfterCheckpoint(string input, string output, int sequence, int extraMs, params string[] more)
    {
        using var process = Process.Start(ShopstreamProcess.StartInfo(["run", "--input", input, "--out", output, "--quiet", .. s_options, .. more]))!;
        var deadline = Stopwatch.StartNew();
        while (NewestCheckpoint(output) < sequence)
        {
            if (process.WaitForExit(2))
                return false;
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(1), "the run made no progress for a minute");
        }

        Thread.Sleep(extraMs);
        process.Kill(); // SIGKILL on Unix: no chance to clean up
        process.WaitForExit();
        return true;
    }

    private static long NewestCheckpoint(string output)
    {
        string folder = Path.Combine(output, "checkpoint");
        if (!Directory.Exists(folder))
            return 0;
        return Directory.GetFiles(folder, "*.ckpt").Select(f => long.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
    }

    private static SortedDictionary<string, byte[]> Outputs(string output) =>
        new(Directory.GetFiles(output, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(output, f), File.ReadAllBytes), StringComparer.Ordinal);
}
