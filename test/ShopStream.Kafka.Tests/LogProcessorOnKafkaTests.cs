using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

/// <summary>Core's log processor (what <c>shopstream process</c> runs) works unchanged on the Kafka log.</summary>
[Collection(IngestCluster.Name)]
public sealed class LogProcessorOnKafkaTests(KafkaCluster cluster)
{
    [Fact]
    public void Processing_the_sample_from_kafka_writes_exactly_what_processing_it_from_the_embedded_log_writes()
    {
        using var temp = new TempFolder();
        var input = InputFile.FromPath(RepoPaths.Rees46Sample);
        string fromKafka = temp.File("kafka-out"), fromFile = temp.File("file-out");

        var options = cluster.NewTopics("process");
        using (var log = new KafkaLogBuilder(options).Build())
        {
            new LogIngest([input], null, log, temp.File("kafka-rejected.jsonl")).Run();
            Process(log, fromKafka);
            Assert.Equal(log.EndOffset(3), log.Committed("processors", 3)); // offsets committed to Kafka after the checkpoints
        }

        using (var log = new FileEventLogBuilder(temp.File("log")).WithOptions(new FileEventLogOptions { Partitions = KafkaCluster.Partitions, Fsync = FsyncPolicy.OnClose }).Build())
        {
            new LogIngest([input], null, log, temp.File("file-rejected.jsonl")).Run();
            Process(log, fromFile);
        }

        GoldenSummary.AssertMatches(System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fromKafka, "summary.json"))).RootElement);
        // Checkpoints are left out: where they fall depends on how the reader batches records, which differs.
        var files = Results(fromFile);
        Assert.Contains("profiles.csv", files);
        Assert.Equal(files, Results(fromKafka));
        foreach (var file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(fromFile, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(fromKafka, file))), $"{file} differs");
    }

    [Fact]
    public void A_topic_that_another_producer_wrote_to_after_an_ingest_is_processed_with_every_record_counted()
    {
        using var temp = new TempFolder();
        var options = cluster.NewTopics("foreign");
        var events = Payloads.ParseSample(RepoPaths.Rees46Sample);
        using var log = new KafkaLogBuilder(options).Build();
        // Three records the ingest rejects: its counters travel in its batches, before the others' records.
        string input = temp.File("input.csv");
        File.WriteAllText(input, File.ReadAllText(RepoPaths.Rees46Sample) + "not,a,row\n2019-10-01 00:00:00 UTC,view,1,1,a.b,x,1.00,0,s\nx\n");
        new LogIngest([InputFile.FromPath(input)], null, log, temp.File("rejected.jsonl")).Run();
        using (var producer = new Confluent.Kafka.ProducerBuilder<byte[], byte[]>(new Confluent.Kafka.ProducerConfig { BootstrapServers = options.BootstrapServers }).Build())
        {
            // Canonical JSON without ShopStream's headers, as a service's own producer writes it, to every partition:
            // more than the first window (1,024 records) that is read back for the ingest's last batch.
            var users = Enumerable.Range(900_000_000, 30_000).Select(u => (long)u).GroupBy(u => Partitioner.Of(u, KafkaCluster.Partitions))
                .SelectMany(g => g.Take(Foreign)).ToList();
            Assert.Equal(Foreign * KafkaCluster.Partitions, users.Count);
            for (int i = 0; i < users.Count; i++)
            {
                var e = events[i % events.Count] with { UserId = users[i] };
                var json = new System.Buffers.ArrayBufferWriter<byte>();
                Json.KafkaEventJson.Write(json, in e, e.EventTimeTicks);
                int partition = Partitioner.Of(e.UserId, KafkaCluster.Partitions); // keyed by user, as ShopStream routes
                producer.Produce(new Confluent.Kafka.TopicPartition(options.Topics.Events, partition), new Confluent.Kafka.Message<byte[], byte[]> { Value = json.WrittenSpan.ToArray() });
            }

            producer.Flush(TimeSpan.FromSeconds(10));
        }

        long appended = Enumerable.Range(0, KafkaCluster.Partitions).Sum(log.EndOffset);
        foreach (int partition in Enumerable.Range(0, KafkaCluster.Partitions))
            Assert.Throws<ForeignTailException>(() => log.LastSourcePosition(partition)); // an ingest cannot resume into it

        // It ended "unexpected error (InvalidOperationException): the last record ... was not appended by ShopStream's ingest".
        Process(log, temp.File("out"));

        var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(temp.File("out/summary.json"))).RootElement;
        // Every partition ends with the others' records: the ingest's rejects were lost (read short by 3, rejected 0).
        Assert.Equal(5_003 + (Foreign * KafkaCluster.Partitions), summary.GetProperty("events_read").GetInt64());
        Assert.Equal(5_000 + (Foreign * KafkaCluster.Partitions), summary.GetProperty("events_accepted").GetInt64());
        Assert.Equal(3, summary.GetProperty("events_rejected").GetInt64());
        Assert.Equal(5_000 + (Foreign * KafkaCluster.Partitions), appended);
    }

    // Another producer's records at the end of each partition.
    private const int Foreign = 1_100;

    private static List<string> Results(string folder) =>
        [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Where(f => !f.StartsWith("checkpoint", StringComparison.Ordinal)).Order()];

    private static void Process(IEventLog log, string outputPath)
    {
        var output = new RunDirectory(outputPath);
        var result = new LogProcessor(log, output, new PipelineOptions(), "processors", Core.Checkpoints.CheckpointPolicy.EveryNEvents(400)).Run();
        output.WriteResults(result);
    }
}
