using System.Diagnostics;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

/// <summary>`shopstream ingest --to kafka` killed with SIGKILL while it publishes, then run again, publishes every row once.</summary>
[Collection(IngestCluster.Name)]
public sealed class IngestKillTests(KafkaCluster cluster)
{
    [Fact]
    public void Ingest_to_kafka_killed_mid_way_and_run_again_publishes_every_event_exactly_once()
    {
        using var temp = new TempFolder();
        string input = temp.File("traffic.csv");
        var made = Shopstream.Run("generate", "-n", "60000", "--seed", "11", "--malformed", "0.002", "--to", input, "--quiet");
        Assert.Equal(0, made.ExitCode);
        var expected = Payloads.EmbeddedIngest(input, KafkaCluster.Partitions);
        int accepted = expected.Sum(p => p.Count);

        var options = cluster.NewTopics("kill");
        string[] ingest = ["ingest", "--input", input, "--to", "kafka", "--bootstrap", cluster.BootstrapServers, "--topic", options.Topics.Events, "--out", temp.File("state"), "--quiet"];
        bool killed = KillWhenPublished(ingest, options, accepted / 3);
        var resumed = Shopstream.Run(ingest);

        Assert.True(killed, "the ingest finished before it could be killed");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        var consumed = Payloads.ConsumeAll(options, "kill-readers", KafkaCluster.Partitions, accepted);
        for (int p = 0; p < KafkaCluster.Partitions; p++)
            Assert.Equal(expected[p], consumed[p]);
    }

    // Starts the ingest and kills it (SIGKILL) once the topic holds `events`; false when it finished first.
    private static bool KillWhenPublished(string[] args, KafkaLogOptions options, long events)
    {
        using var process = Process.Start(Shopstream.StartInfo(args))!;
        using var log = new KafkaLogBuilder(options).Build();
        var deadline = Stopwatch.StartNew();
        while (Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p)) < events)
        {
            if (process.WaitForExit(5))
                return false;
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(1), "the ingest published nothing for a minute");
        }

        process.Kill();
        process.WaitForExit();
        return true;
    }
}
