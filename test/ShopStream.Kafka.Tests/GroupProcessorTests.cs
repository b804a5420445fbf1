using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Serving;
using ShopStream.Kafka.Processing;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

/// <summary>Processor instances sharing a consumer group and an output folder end with the outputs of one embedded run.</summary>
[Collection(IngestCluster.Name)]
public sealed class GroupProcessorTests(KafkaCluster cluster)
{
    [Fact]
    public async Task Two_instances_of_one_group_together_write_what_processing_the_embedded_log_writes()
    {
        using var temp = new TempFolder();
        var input = InputFile.FromPath(RepoPaths.Rees46Sample);
        var kafka = cluster.NewTopicsWith("group-process", input, temp.File("kafka-rejected.jsonl"));
        string group = "g-" + Guid.NewGuid().ToString("n"); // groups are per cluster, which the tests share
        string shared = temp.File("shared");

        var instances = Enumerable.Range(0, 2)
            .Select(_ => new KafkaGroupProcessor(kafka, group, new RunDirectory(shared), new PipelineOptions(), CheckpointPolicy.EveryNEvents(500), exitWhenIdle: TimeSpan.FromSeconds(4)))
            .ToList();
        var results = await Task.WhenAll(instances.Select(i => Task.Run(() => i.Run())));
        Assert.Contains(results, r => r.Summary.Users == 1747); // the instance that stopped last merged every partition

        Assert.Equal(5000, instances.Sum(i => i.Processed)); // no event processed twice, none skipped
        Assert.All(instances, i => Assert.True(i.Assigned > 0, "an instance got no partition"));
        string merged = temp.File("merged");
        using (var log = new KafkaLogBuilder(kafka).Build())
        {
            new RunDirectory(merged).WriteResults(CheckpointedResults.Merge(log, new RunDirectory(shared), new PipelineOptions(), CheckpointStore.DefaultStartOver));
            for (int p = 0; p < log.Partitions; p++)
                Assert.Equal(log.EndOffset(p), log.Committed(group, p));
        }

        EmbeddedReference.AssertSameResults(EmbeddedReference.Write(input, temp), merged);
    }

    [Fact]
    public async Task Another_producers_records_that_an_instance_dead_letters_are_counted_rejected_not_accepted()
    {
        using var temp = new TempFolder();
        var kafka = cluster.NewTopicsWith("group-refused", InputFile.FromPath(RepoPaths.Rees46Sample), temp.File("kafka-rejected.jsonl"));
        using (var producer = new Confluent.Kafka.ProducerBuilder<byte[], byte[]>(new Confluent.Kafka.ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            var p0 = new Confluent.Kafka.TopicPartition(kafka.Topics.Events, 0);
            foreach (var value in new[] { "not json"u8.ToArray(), new byte[kafka.MaxValueBytes + 1], """{"schema_version":99}"""u8.ToArray() })
                producer.Produce(p0, new Confluent.Kafka.Message<byte[], byte[]> { Value = value });
            producer.Flush(TimeSpan.FromSeconds(10));
        }

        var live = new LivePipeline("process", TimeSpan.FromSeconds(5));
        var processor = new KafkaGroupProcessor(kafka, "g-" + Guid.NewGuid().ToString("n"), new RunDirectory(temp.File("out")), new PipelineOptions(), CheckpointPolicy.EveryNEvents(500), exitWhenIdle: TimeSpan.FromSeconds(2)) { Live = live };
        var summary = processor.Run().Summary;

        // They were counted accepted, as every record of a topic another producer wrote to is (read = accepted + rejected held, wrongly).
        Assert.Equal((5003L, 5000L, 3L), (summary.EventsRead, summary.EventsAccepted, summary.EventsRejected));
        Assert.Equal(2, summary.RejectedFor("json"));
        Assert.Equal(1, summary.RejectedFor("too_large"));
        Assert.Equal(1747, summary.Users);

        // The live summary (--serve) counts them so too: it had them accepted.
        var served = await new LiveServingStore(live).SummaryAsync();
        Assert.Equal((5003L, 5000L, 3L), (served!.EventsRead, served.EventsAccepted, served.EventsRejected));
        Assert.Equal(2, served.RejectedFor("json"));
    }

    [Fact]
    public void Another_producers_events_with_bad_values_are_counted_under_specs_reasons_as_run_counts_them()
    {
        // Each was counted json ("not a ShopStream event"): the same line read by run says price, number, event_type, id.
        using var temp = new TempFolder();
        var kafka = cluster.NewTopicsWith("group-reasons", InputFile.FromPath(RepoPaths.Rees46Sample), temp.File("kafka-rejected.jsonl"));
        static string Event(string fields) => "{\"schema_version\":1,\"event_time\":\"2019-10-01T00:00:00Z\"," + fields.Replace('\'', '"') + "}";
        string[] values =
        [
            Event("'event_type':'view','user_id':1,'product_id':2,'price':-5"),
            Event("'event_type':'view','user_id':1,'product_id':2,'price':1e30"),
            Event("'event_type':'purchase','user_id':1,'product_id':2,'price':1,'quantity':1000000000000"),
            Event("'event_type':'bogus','user_id':1,'product_id':2,'price':1"),
            Event("'event_type':'view','user_id':0,'product_id':2,'price':1"),
            Event("'event_type':'purchase','user_id':1,'product_id':2,'price':1,'order_total':-3"),
        ];
        using (var producer = new Confluent.Kafka.ProducerBuilder<byte[], byte[]>(new Confluent.Kafka.ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            var p0 = new Confluent.Kafka.TopicPartition(kafka.Topics.Events, 0);
            foreach (string value in values)
                producer.Produce(p0, new Confluent.Kafka.Message<byte[], byte[]> { Value = System.Text.Encoding.UTF8.GetBytes(value) });
            producer.Flush(TimeSpan.FromSeconds(10));
        }

        var processor = new KafkaGroupProcessor(kafka, "g-" + Guid.NewGuid().ToString("n"), new RunDirectory(temp.File("out")), new PipelineOptions(), CheckpointPolicy.EveryNEvents(500), exitWhenIdle: TimeSpan.FromSeconds(2));
        var summary = processor.Run().Summary;

        Assert.Equal((5006L, 5000L, 6L), (summary.EventsRead, summary.EventsAccepted, summary.EventsRejected));
        Assert.Equal((3L, 1L, 1L, 1L, 0L), (summary.RejectedFor("price"), summary.RejectedFor("number"), summary.RejectedFor("event_type"), summary.RejectedFor("id"), summary.RejectedFor("json")));
    }
}
