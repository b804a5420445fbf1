using System.Diagnostics;
using System.Text;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary>
/// `shopstream ingest` killed with SIGKILL at random moments and run again ends exactly like a clean ingest. The
/// moments are points of progress (the log's size as a share of a clean ingest's), not wall-clock delays, so the
/// kills land mid-ingest however fast the machine is.
/// </summary>
public sealed class IngestCrashTests
{
    [Fact]
    public void Ingest_killed_at_random_moments_and_resumed_equals_a_clean_ingest()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        ShiftedSample.Write(input, copies: 60); // 300k rows, some invalid, duplicate or late

        string clean = temp.File("clean"), crashed = temp.File("crashed");
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", input, "--out", clean, "--quiet").ExitCode);

        long cleanBytes = LogBytes(clean);
        var random = new Random(3);
        int killed = 0;
        foreach (var (low, high) in new[] { (0.10, 0.30), (0.35, 0.55), (0.60, 0.80) })
        {
            if (KillAt(input, crashed, (long)(cleanBytes * (low + (high - low) * random.NextDouble()))))
                killed++;
        }

        var finish = Cli.RunProcess("ingest", "--input", input, "--out", crashed, "--quiet");

        Assert.Equal(0, finish.ExitCode);
        Assert.True(killed >= 2, $"only {killed} of the runs were killed before they finished");
        Assert.Equal(LogContent(clean), LogContent(crashed));
        Assert.Equal(File.ReadAllBytes(Path.Combine(clean, "rejected", "ingest.jsonl")), File.ReadAllBytes(Path.Combine(crashed, "rejected", "ingest.jsonl")));
    }

    // Starts an ingest and kills it (SIGKILL) once its log holds at least `bytes`; false when it finished first.
    private static bool KillAt(string input, string output, long bytes)
    {
        using var process = Process.Start(ShopstreamProcess.StartInfo("ingest", "--input", input, "--out", output, "--quiet"))!;
        var deadline = Stopwatch.StartNew();
        while (LogBytes(output) < bytes)
        {
            if (process.WaitForExit(2))
                return false;
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(1), "the ingest made no progress for a minute");
        }

        process.Kill(); // SIGKILL on Unix: no chance to clean up
        process.WaitForExit();
        return true;
    }

    private static long LogBytes(string output)
    {
        string log = Path.Combine(output, "log");
        return Directory.Exists(log) ? Directory.GetFiles(log, "*.log", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
    }

    private static string LogContent(string output)
    {
        using var log = new FileEventLogBuilder(Path.Combine(output, "log")).Build();
        var all = new StringBuilder();
        var batch = new LogReadBatch();
        for (int p = 0; p < log.Partitions; p++)
        {
            var reader = log.OpenReader(p, 0);
            while (reader.Read(batch) > 0)
            {
                for (int i = 0; i < batch.Count; i++)
                    all.Append(Convert.ToHexString(batch[i].Payload)).Append('\n');
            }

            all.Append("--\n");
        }

        return all.ToString();
    }
}
