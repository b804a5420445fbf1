using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Kafka.Mock;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

/// <summary>
/// A processor whose whole cluster goes away: it used to sit silent, and SIGTERM then left it blocked in librdkafka
/// for over six minutes (a watermark query that did not keep to its 30 s timeout). Now it says Kafka does not answer,
/// and a SIGTERM ends it within the Kafka timeout, its partitions checkpointed and the missing results named.
/// </summary>
public sealed class BrokerOutageTests
{
    [Fact]
    public async Task A_processor_whose_brokers_are_gone_says_so_and_stops_at_sigterm_within_its_kafka_timeout()
    {
        using var temp = new TempFolder();
        var mock = new KafkaMockClusterBuilder().WithBrokers(3).WithPartitions(KafkaCluster.Partitions).WithTopics([]).Build();
        var kafka = new KafkaLogOptions
        {
            BootstrapServers = mock.BootstrapServers,
            Topics = new KafkaTopics { Events = "outage.events", DeadLetters = "outage.dlq", Orders = "outage.orders", Inventory = "outage.inventory" },
            Timeout = TimeSpan.FromSeconds(20),
            LingerMs = 1,
        };
        foreach (var topic in kafka.Topics.All)
            mock.CreateTopic(topic, KafkaCluster.Partitions);
        using (var log = new KafkaLogBuilder(kafka).Build())
            new LogIngest([InputFile.FromPath(RepoPaths.Rees46Sample)], null, log, temp.File("rejected.jsonl")).Run();

        string group = "outage", shared = temp.File("shared");
        using var process = Process.Start(Shopstream.StartInfo(
            "process", "--from", "kafka", "--bootstrap", kafka.BootstrapServers, "--topic", kafka.Topics.Events, "--dead-letter-topic", kafka.Topics.DeadLetters,
            "--group", group, "--out", shared, "--kafka-timeout", "3s"))!;
        var stderr = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                stderr.Enqueue(e.Data);
        };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            using (var log = new KafkaLogBuilder(kafka).Build())
                await Eventually.True(() => Enumerable.Range(0, log.Partitions).All(p => log.Committed(group, p) == log.EndOffset(p)), "the processor committed to the topic's end");

            mock.Dispose(); // every broker gone
            await Eventually.True(() => stderr.Any(l => l.Contains("Kafka does not answer", StringComparison.Ordinal)), "a word that Kafka does not answer");

            var stopping = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
                kill.WaitForExit();
            // A commit and a watermark query, each given 3 s and BoundedCall's 5 s of grace, and leaving the group (the
            // 10 s session timeout and 10 s): 36 s at the most (27 s when measured).
            Assert.True(process.WaitForExit(60_000), "the processor did not stop within a minute of SIGTERM");
            process.WaitForExit(); // the stderr lines read to the end
            string error = string.Join('\n', stderr);
            Assert.True(process.ExitCode == 1, error);
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(55), $"stopping took {stopping.Elapsed.TotalSeconds:N0} s"); // over 6 minutes before; room for a loaded machine
            Assert.Contains($"no answer from Kafka for the offsets of {kafka.Topics.Events} [0] within 8 s", error, StringComparison.Ordinal); // the bounded watermark query
            Assert.Contains("the group's offsets were not committed", error, StringComparison.Ordinal);
            Assert.Contains($"the results were not written, but this instance's partitions were checkpointed in {Path.Combine(shared, "checkpoint")}", error, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
            mock.Dispose();
        }

        Assert.False(File.Exists(Path.Combine(shared, "summary.json")));
        for (int p = 0; p < KafkaCluster.Partitions; p++)
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(shared, "checkpoint", $"p{p}"), "*.ckpt"));
    }
}
