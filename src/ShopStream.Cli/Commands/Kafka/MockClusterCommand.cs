using System.CommandLine;
using System.Runtime.InteropServices;
using ShopStream.Kafka;
using ShopStream.Kafka.Mock;

namespace ShopStream.Cli.Commands.Kafka;

/// <summary>
/// <c>shopstream kafka mock-cluster [--brokers 3] [--partitions 6] [--topics ...]</c>: librdkafka's mock cluster in
/// this process; the bootstrap address is the first line of stdout (for scripts), and it runs until interrupted.
/// </summary>
internal static class MockClusterCommand
{
    public static Command Create()
    {
        var brokers = new Option<int>("--brokers") { Description = "Brokers in the cluster (1..32)", DefaultValueFactory = _ => 3 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of each topic created at start", DefaultValueFactory = _ => 6 };
        var topics = new Option<string[]>("--topics")
        {
            Description = $"Topics to create at start, comma- or space-separated (default: {string.Join(",", KafkaTopics.Default.All)})",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("mock-cluster", "Run librdkafka's in-process mock Kafka cluster (real protocol on loopback, in memory, not a real broker) until Ctrl+C; prints its bootstrap address first")
        {
            brokers, partitions, topics,
        };
        // The defaults when --topics is absent (an absent array option reads as empty, not null, and no topic was made);
        // not a DefaultValueFactory, whose help said the default twice, the second time joined by '|'.
        command.SetAction(parse => Run(parse.GetValue(brokers), parse.GetValue(partitions), parse.GetResult(topics) is null
            ? KafkaTopics.Default.All
            : [.. parse.GetValue(topics)!.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))]));
        return command;
    }

    private static int Run(int brokers, int partitions, IReadOnlyList<string> topics)
    {
        KafkaMockCluster cluster;
        try
        {
            // --topics '' (or ','): a cluster of no topics said "topics  with 6 partitions each".
            if (topics.Count == 0)
                throw new ArgumentException("--topics names no topic (leave it out for the default topics)");
            cluster = new KafkaMockClusterBuilder().WithBrokers(brokers).WithPartitions(partitions).WithTopics(topics).Build();
        }
        catch (ArgumentException ex)
        {
            return JobRunner.Fail(ExitCodes.BadInput, ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or DllNotFoundException)
        {
            return JobRunner.Fail(ExitCodes.Failed, new InvalidOperationException($"cannot start the mock cluster: {ex.Message} (is librdkafka1 installed? run scripts/setup.sh)", ex));
        }

        using (cluster)
        {
            using var stop = new ManualResetEventSlim();
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); });
            Console.Out.WriteLine(cluster.BootstrapServers);
            Console.Out.Flush();
            Console.Error.WriteLine($"mock Kafka cluster: {brokers} brokers at {cluster.BootstrapServers}; topics {string.Join(", ", topics)} with {partitions} partitions each; Ctrl+C stops it");
            stop.Wait();
            Console.Error.WriteLine("mock Kafka cluster stopped");
        }

        return ExitCodes.Ok;
    }
}
