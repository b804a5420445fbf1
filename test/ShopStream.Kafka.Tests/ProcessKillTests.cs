using System.Diagnostics;
using ShopStream.Core.Ingest;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

/// <summary>
/// `shopstream process --from kafka` as separate processes of one group: two start, one is killed (SIGKILL) after
/// it has checkpointed, a third joins; once the survivors stop, the shared folder holds exactly what processing the
/// same input from the embedded log writes: no event lost, none counted twice.
/// </summary>
[Collection(GroupCluster.Name)]
public sealed class ProcessKillTests(KafkaCluster cluster)
{
    [Fact]
    public async Task Instances_killed_and_joining_mid_way_end_with_the_embedded_results()
    {
        using var temp = new TempFolder();
        string inputPath = temp.File("events.csv");
        ShiftedSample.Write(inputPath, copies: 8); // ~40k events
        var input = InputFile.FromPath(inputPath);
        var kafka = cluster.NewTopicsWith("kill", input, temp.File("kafka-rejected.jsonl"));
        string group = "g-" + Guid.NewGuid().ToString("n"); // groups are per cluster, which the tests share

        string shared = temp.File("shared");
        // An idle limit well below the time the group takes to hand the dead member's partitions over (its 10 s session
        // timeout, then a rebalance): the survivors go idle before then, and must wait for those partitions rather than stop.
        string[] args =
        [
            "process", "--from", "kafka", "--bootstrap", kafka.BootstrapServers, "--topic", kafka.Topics.Events, "--dead-letter-topic", kafka.Topics.DeadLetters,
            "--group", group, "--out", shared, "--exit-when-idle", "4s", "--checkpoint-every", "1500", "--checkpoint-interval", "0s", "--quiet",
        ];
        var instances = new List<Process>();
        try
        {
            var first = Started(instances, args);
            var second = Started(instances, args);
            var deadline = Stopwatch.StartNew();
            while (Checkpoints(shared) < 3)
            {
                if (first.HasExited) // (the message reads stderr only then: reading it sooner would wait for the exit)
                    Assert.Fail("the first instance stopped before it could be killed: " + first.StandardError.ReadToEnd());
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "no checkpoint within a minute");
                Thread.Sleep(20);
            }

            first.Kill(); // SIGKILL: its partitions' newest checkpoints are all that is left of its work
            first.WaitForExit();
            var third = Started(instances, args);
            foreach (var survivor in new[] { second, third })
            {
                var error = survivor.StandardError.ReadToEndAsync();
                Assert.True(survivor.WaitForExit(120_000), "an instance did not stop");
                Assert.True(survivor.ExitCode == 0, await error);
            }
        }
        finally
        {
            foreach (var process in instances)
            {
                if (!process.HasExited)
                    process.Kill(); // a failed test leaves no member in the shared cluster's groups
                process.Dispose();
            }
        }

        // The instance that stopped last wrote the results of every partition; whichever it was, they are whole.
        EmbeddedReference.AssertSameResults(EmbeddedReference.Write(input, temp), shared);
    }

    private static Process Started(List<Process> instances, string[] args)
    {
        var process = Process.Start(Shopstream.StartInfo(args))!;
        instances.Add(process);
        return process;
    }

    private static int Checkpoints(string shared)
    {
        string folder = Path.Combine(shared, "checkpoint");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.ckpt", SearchOption.AllDirectories).Length : 0;
    }
}
