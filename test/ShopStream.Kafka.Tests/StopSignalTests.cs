using System.Diagnostics;
using ShopStream.Core.Ingest;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

/// <summary>
/// `shopstream process --from kafka` without an idle limit runs until Ctrl+C or SIGTERM: then it checkpoints, leaves
/// the group and writes the results (it used to exit 0 with no results and no word).
/// </summary>
[Collection(IngestCluster.Name)]
public sealed class StopSignalTests(KafkaCluster cluster)
{
    [Fact]
    public async Task A_processor_stopped_by_sigterm_writes_the_results_and_exits_0()
    {
        using var temp = new TempFolder();
        var input = InputFile.FromPath(RepoPaths.Rees46Sample);
        var kafka = cluster.NewTopicsWith("sigterm", input, temp.File("kafka-rejected.jsonl"));
        string group = "g-" + Guid.NewGuid().ToString("n");
        string shared = temp.File("shared");
        using var process = Process.Start(Shopstream.StartInfo(
            "process", "--from", "kafka", "--bootstrap", kafka.BootstrapServers, "--topic", kafka.Topics.Events, "--dead-letter-topic", kafka.Topics.DeadLetters,
            "--group", group, "--out", shared, "--checkpoint-interval", "1s", "--quiet"))!;
        try
        {
            var error = process.StandardError.ReadToEndAsync();
            // Everything processed and committed (offsets are committed after the checkpoint that covers them).
            using (var log = new KafkaLogBuilder(kafka).Build())
            {
                var deadline = Stopwatch.StartNew();
                while (Enumerable.Range(0, log.Partitions).Any(p => log.Committed(group, p) != log.EndOffset(p)))
                {
                    Assert.False(process.HasExited, "the processor stopped by itself");
                    Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "not committed to the end within a minute");
                    Thread.Sleep(100);
                }
            }

            Assert.False(File.Exists(Path.Combine(shared, "summary.json")));
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                kill.WaitForExit();

            Assert.True(process.WaitForExit(60_000), "the processor did not stop within a minute of SIGTERM");
            string stderr = await error;
            Assert.True(process.ExitCode == 0, stderr);
            Assert.Contains("shopstream: stopping: ", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("behind the topic's end", stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(); // a failed test leaves no member in the shared cluster's groups
        }

        EmbeddedReference.AssertSameResults(EmbeddedReference.Write(input, temp), shared);
    }
}
