using System.Diagnostics;
using System.Text.RegularExpressions;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary>
/// What a power cut could undo is on disk before the run lets go of what would redo it: every result file is fsynced
/// before its rename, the dead letters before the checkpoints are deleted, and every Parquet file of the lake before
/// the first log entry that names one. Seen in the run's system calls (<c>strace</c>, which scripts/setup.sh
/// installs): a power cut itself cannot be staged in a test, but the order of fsyncs, renames and deletes is what
/// decides what survives one.
/// </summary>
public sealed partial class RunDurabilityTests
{
    [Fact]
    public void Results_dead_letters_and_lake_files_are_fsynced_before_the_checkpoints_go_and_the_log_names_them()
    {
        using var temp = new TempFolder();
        string outDir = temp.File("out");
        string trace = temp.File("trace.txt");
        var calls = Traced(trace, "run", "--input", RepoPaths.Rees46Sample, "--out", outDir, "--quiet", "--lake",
            "--checkpoint-every", "500", "--checkpoint-interval", "0s");

        int Index(Func<string, bool> match, string what)
        {
            int i = calls.FindIndex(c => match(c));
            Assert.True(i >= 0, $"no system call {what} in {trace}");
            return i;
        }

        int LastIndex(Func<string, bool> match, string what)
        {
            int i = calls.FindLastIndex(c => match(c));
            Assert.True(i >= 0, $"no system call {what} in {trace}");
            return i;
        }

        // The checkpoints went (a finished run deletes them) only after the results and the dead letters were on disk.
        int checkpointsGone = LastIndex(c => c.Contains("unlink", StringComparison.Ordinal) && c.Contains($"{outDir}/checkpoint/", StringComparison.Ordinal), "deleting a checkpoint");
        foreach (string file in new[] { "profiles.csv", "sessions.csv", "hourly_metrics.csv", "orders.csv" })
        {
            string path = Path.Combine(outDir, file);
            int synced = Index(c => c.StartsWith("fsync(", StringComparison.Ordinal) && c.Contains($"<{path}.tmp>", StringComparison.Ordinal), $"fsync of {file}.tmp");
            int renamed = Index(c => c.StartsWith("rename", StringComparison.Ordinal) && c.Contains($"\"{path}\"", StringComparison.Ordinal), $"renaming {file}");
            Assert.True(synced < renamed, $"{file} was renamed into place before it was fsynced");
            Assert.True(renamed < checkpointsGone, $"the checkpoints were deleted before {file} was in place");
            int folderSynced = calls.FindIndex(renamed, c => c.StartsWith("fsync(", StringComparison.Ordinal) && c.Contains($"<{outDir}>", StringComparison.Ordinal));
            Assert.True(folderSynced > renamed && folderSynced < checkpointsGone, $"the folder was not fsynced after {file}'s rename, before the checkpoints went");
        }

        // The dead letters since the last checkpoint (each checkpoint fsyncs those before it) are on disk before the
        // checkpoints go.
        string rejected = Path.Combine(outDir, "rejected", "rejected.jsonl");
        int lastCheckpoint = LastIndex(c => c.StartsWith("rename", StringComparison.Ordinal) && c.Contains($"{outDir}/checkpoint/", StringComparison.Ordinal), "a checkpoint's rename");
        int deadLettersSynced = LastIndex(c => c.StartsWith("fsync(", StringComparison.Ordinal) && c.Contains($"<{rejected}>", StringComparison.Ordinal), "fsync of the dead letters");
        Assert.True(deadLettersSynced > lastCheckpoint, "the dead letters were not fsynced after the last checkpoint");
        Assert.True(deadLettersSynced < checkpointsGone, "the checkpoints were deleted before the dead letters were fsynced");

        // Every Parquet file is fsynced before the first log entry of the run is made (a link or rename into _delta_log).
        int firstCommit = Index(c => c.StartsWith("link", StringComparison.Ordinal) || c.StartsWith("rename", StringComparison.Ordinal) ? c.Contains("/_delta_log/", StringComparison.Ordinal) : false, "making a log entry");
        var parquet = Directory.GetFiles(Path.Combine(outDir, "lake"), "*.parquet", SearchOption.AllDirectories);
        Assert.True(parquet.Length >= 8, $"only {parquet.Length} Parquet files");
        foreach (string file in parquet)
        {
            int synced = Index(c => c.StartsWith("fsync(", StringComparison.Ordinal) && c.Contains($"<{file}>", StringComparison.Ordinal), $"fsync of {file}");
            Assert.True(synced < firstCommit, $"{file} was fsynced only after the lake's first commit");
        }

        // The lake's new folders are entries in their parents: those fsynced before the first commit too.
        foreach (string parent in new[] { Path.Combine(outDir, "lake"), Path.Combine(outDir, "lake", "bronze") })
        {
            int synced = Index(c => c.StartsWith("fsync(", StringComparison.Ordinal) && c.Contains($"<{parent}>", StringComparison.Ordinal), $"fsync of {parent}");
            Assert.True(synced < firstCommit, $"{parent} was fsynced only after the lake's first commit");
        }

        // ... and the log entry's folder after it.
        string log = Path.Combine(outDir, "lake", "bronze", "events", "_delta_log");
        int bronzeCommit = Index(c => (c.StartsWith("link", StringComparison.Ordinal) || c.StartsWith("rename", StringComparison.Ordinal)) && c.Contains($"{log}/0", StringComparison.Ordinal), "bronze's log entry");
        Assert.True(calls.FindIndex(bronzeCommit, c => c.StartsWith("fsync(", StringComparison.Ordinal) && c.Contains($"<{log}>", StringComparison.Ordinal)) > bronzeCommit, "bronze's log folder was not fsynced after its entry");
    }

    // The run's fsync, rename, link and unlink calls (all threads, file descriptors shown with their paths), in order.
    private static List<string> Traced(string trace, params string[] args)
    {
        var start = ShopstreamProcess.StartInfoUnder(
            "strace", ["-f", "--seccomp-bpf", "-qq", "-y", "-e", "trace=fsync,fdatasync,rename,renameat,renameat2,link,linkat,unlink,unlinkat", "-o", trace], args);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("strace is needed for this test: scripts/setup.sh installs it", ex);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), "shopstream under strace did not exit within two minutes");
            Assert.True(process.ExitCode == 0, error.GetAwaiter().GetResult());
        }

        // "1234  fsync(7</path>) = 0": the call, without the thread id.
        return [.. File.ReadLines(trace).Select(l => ThreadId().Replace(l, "")).Where(l => !l.Contains("= -1", StringComparison.Ordinal))];
    }

    [GeneratedRegex(@"^\d+\s+")]
    private static partial Regex ThreadId();
}
