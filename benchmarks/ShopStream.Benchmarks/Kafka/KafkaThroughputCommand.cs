using System.Buffers;
using System.Diagnostics;
using ShopStream.Benchmarks.Cli;
using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Kafka;
using ShopStream.Kafka.Consumer;
using ShopStream.Kafka.Json;
using ShopStream.Kafka.Mock;

namespace ShopStream.Benchmarks.Kafka;

/// <summary>
/// <c>kafka --input FILE [--brokers 3] [--partitions 6] [--runs 3]</c>: producer and consumer throughput of
/// ShopStream's Kafka log against librdkafka's mock cluster in this process. The events are parsed first (not
/// timed); the producer figure is appends of ready batches until every record is acknowledged (acks=all,
/// idempotence, lz4), the consumer figure one group member polling everything back into events, from its first record (the
/// group join is reported apart); process = Core's log processor (what <c>shopstream process</c> runs) on the topic, one
/// instance owning every partition, writing every result file. The mock
/// cluster keeps everything in memory and shares the CPU with the client: it is not a real broker.
/// </summary>
internal static class KafkaThroughputCommand
{
    public static int Run(Args args)
    {
        string input = args.String("--input") ?? throw new ArgumentException("--input FILE is required");
        int brokers = args.Int("--brokers", 3), partitions = args.Int("--partitions", 6), runs = args.Int("--runs", 3);
        args.ThrowIfUnknown();

        var (batches, events, jsonBytes) = Prepare(input, partitions);
        Console.WriteLine($"{events:N0} events, {jsonBytes / 1e6:N1} MB of JSON values, {partitions} partitions, {brokers} mock brokers");
        using var cluster = new KafkaMockClusterBuilder().WithBrokers(brokers).WithPartitions(partitions).WithTopics([]).Build();
        for (int run = 1; run <= runs; run++)
        {
            var topics = new KafkaTopics { Events = $"bench{run}.events", DeadLetters = $"bench{run}.dlq" };
            cluster.CreateTopic(topics.Events, partitions);
            cluster.CreateTopic(topics.DeadLetters, partitions);
            var options = new KafkaLogOptions { BootstrapServers = cluster.BootstrapServers, Topics = topics };

            var clock = Stopwatch.StartNew();
            using (var log = new KafkaLogBuilder(options).Build())
            {
                for (int p = 0; p < partitions; p++)
                    log.Append(p, new LogBatch(), "warm-up"u8); // learns each partition's next offset
                clock.Restart();
                foreach (var (partition, batch) in batches)
                    log.Append(partition, batch);
                log.Flush();
            }

            double produce = clock.Elapsed.TotalSeconds;
            clock.Restart();
            long consumed = 0;
            double join = 0;
            using (var reader = new KafkaGroupReaderBuilder(options, $"bench{run}").Build())
            {
                var polled = new ConsumedEvents(4096);
                while (consumed < events)
                {
                    consumed += reader.Poll(polled, TimeSpan.FromSeconds(10));
                    if (join == 0 && consumed > 0)
                        join = clock.Elapsed.TotalSeconds; // joining the group and the first fetch
                }
            }

            double consume = clock.Elapsed.TotalSeconds - join;
            double process;
            using (var log = new KafkaLogBuilder(options).Build())
                process = Process(log);
            double embedded = ProcessEmbedded(batches, partitions);
            Console.WriteLine($"run {run}: produce {events / produce:N0} events/s ({jsonBytes / 1e6 / produce:N1} MB/s, {produce:N2} s); " +
                $"consume {consumed / consume:N0} events/s ({jsonBytes / 1e6 / consume:N1} MB/s, {consume:N2} s after {join:N2} s to join the group); " +
                $"process (one instance, every output) {events / process:N0} events/s ({process:N2} s; from the embedded log {events / embedded:N0} events/s)");
        }

        return 0;
    }

    // Core's log processor on the Kafka log, as `shopstream process` runs it on the embedded one: every partition, one
    // checkpoint at the end, offsets committed, all result files written.
    private static double Process(IEventLog log)
    {
        string folder = Path.Combine(Path.GetTempPath(), "shopstream-kafka-bench-" + Guid.NewGuid().ToString("n"));
        try
        {
            var clock = Stopwatch.StartNew();
            var output = new RunDirectory(folder);
            var result = new LogProcessor(log, output, new PipelineOptions(), "bench-process", CheckpointPolicy.Default).Run();
            output.WriteResults(result);
            return clock.Elapsed.TotalSeconds;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The same processing from an embedded log holding the same batches: the baseline.
    private static double ProcessEmbedded(List<(int Partition, LogBatch Batch)> batches, int partitions)
    {
        string folder = Path.Combine(Path.GetTempPath(), "shopstream-kafka-bench-log-" + Guid.NewGuid().ToString("n"));
        try
        {
            using var log = new FileEventLogBuilder(folder).WithOptions(new FileEventLogOptions { Partitions = partitions, Fsync = FsyncPolicy.OnClose }).Build();
            foreach (var (partition, batch) in batches)
                log.Append(partition, batch);
            log.Flush();
            return Process(log);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Parses the input into per-partition batches of 4,096 (as an ingest cuts them) and sizes the JSON values.
    private static (List<(int Partition, LogBatch Batch)> Batches, long Events, long JsonBytes) Prepare(string input, int partitions)
    {
        var batches = new List<(int, LogBatch)>();
        var open = Enumerable.Range(0, partitions).Select(_ => new LogBatch()).ToArray();
        long events = 0, jsonBytes = 0, streamMax = long.MinValue;
        var json = new ArrayBufferWriter<byte>();
        new EventReader(InputFiles.Resolve(input), null, new DeadLetterWriter(Stream.Null)).ReadAll(b =>
        {
            for (int i = 0; i < b.Count; i++)
            {
                ref var e = ref b.Events[i];
                streamMax = Math.Max(streamMax, e.EventTimeTicks);
                int p = Partitioner.Of(e.UserId, partitions);
                LoggedEvent.Add(open[p], e, streamMax);
                json.ResetWrittenCount();
                KafkaEventJson.Write(json, e, streamMax);
                jsonBytes += json.WrittenCount;
                events++;
                if (open[p].Count == 4096)
                {
                    batches.Add((p, open[p]));
                    open[p] = new LogBatch();
                }
            }
        });
        for (int p = 0; p < partitions; p++)
        {
            if (open[p].Count > 0)
                batches.Add((p, open[p]));
        }

        return (batches, events, jsonBytes);
    }
}
