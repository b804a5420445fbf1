using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

[Collection(IngestCluster.Name)]
public sealed class KafkaEventLogTests(KafkaCluster cluster)
{
    private static readonly Lazy<List<string>[]> s_embedded = new(() => Payloads.EmbeddedIngest(RepoPaths.Rees46Sample, KafkaCluster.Partitions));

    [Fact]
    public void The_5000_row_sample_published_to_kafka_is_consumed_back_exactly_once_with_the_same_events()
    {
        var options = cluster.NewTopics("sample");
        using var temp = new TempFolder();
        IngestResult result;
        using (var log = new KafkaLogBuilder(options).Build())
        {
            Assert.Equal(KafkaCluster.Partitions, log.Partitions);
            result = new LogIngest([InputFile.FromPath(RepoPaths.Rees46Sample)], null, log, temp.File("rejected.jsonl")).Run();
            Assert.Equal(5000, Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p) - log.StartOffset(p)));
        }

        var consumed = Payloads.ConsumeAll(options, "sample-readers", KafkaCluster.Partitions, 5000);

        Assert.Equal(5000, result.Appended);
        Assert.Equal(s_embedded.Value.Select(p => p.Count), consumed.Select(p => p.Count));
        for (int p = 0; p < KafkaCluster.Partitions; p++)
            Assert.Equal(s_embedded.Value[p], consumed[p]); // same events, same order, every field and watermark input
    }

    [Fact]
    public void A_topic_the_cluster_lacks_is_created_with_the_partitions_asked_for_or_where_create_topics_goes_unanswered_made_by_naming_it()
    {
        var existing = cluster.NewTopics("made");
        var options = existing with { Topics = existing.Topics with { Events = existing.Topics.Events + "-new" }, CreatePartitions = 3, PartitionsRequired = true };

        if (cluster.IsMock)
        {
            // The mock never answers CreateTopics: the topic is made by naming it, with the mock's own count (4), which
            // is not the 3 required; not required, that is said.
            var error = Assert.Throws<ArgumentException>(() => new KafkaLogBuilder(options).Build());
            // Made just now: it said "has 4 partitions ... a topic keeps its count", as if it had been there before.
            Assert.Contains($"topic {options.Topics.Events} was made by the cluster on demand with 4 partitions, not the 3 of --partitions: CreateTopics went unanswered", error.Message, StringComparison.Ordinal);
            error = Assert.Throws<ArgumentException>(() => new KafkaLogBuilder(options).Build()); // there now, with its count
            Assert.Contains("has 4 partitions, not the 3 of --partitions: a topic keeps its count", error.Message, StringComparison.Ordinal);
            var warnings = new List<string>();
            var other = options with { Topics = options.Topics with { Events = options.Topics.Events + "-2" }, PartitionsRequired = false, Warn = warnings.Add };
            using var made = new KafkaLogBuilder(other).Build();
            Assert.Equal(4, made.Partitions);
            Assert.Contains($"topic {other.Topics.Events} was made by the cluster on demand with 4 partitions, not 3", Assert.Single(warnings), StringComparison.Ordinal);
        }
        else
        {
            using var log = new KafkaLogBuilder(options).Build();
            Assert.Equal(3, log.Partitions); // created, not made on demand with the broker's num.partitions
        }
    }

    [Fact]
    public void An_ingest_that_crashed_mid_append_resumes_without_publishing_a_row_twice()
    {
        var options = cluster.NewTopics("resume");
        using var temp = new TempFolder();
        var input = InputFile.FromPath(RepoPaths.Rees46Sample);
        using (var log = new KafkaLogBuilder(options).Build())
        {
            var crashing = new CrashingLog(log, crashAt: 20);
            Assert.Throws<IOException>(() => new LogIngest([input], null, crashing, temp.File("rejected.jsonl"), batchSize: 300).Run());
        }

        IngestResult resumed;
        using (var log = new KafkaLogBuilder(options).Build())
        {
            // Counted once the crashed producer is gone: its last records were still in flight as it threw.
            long landed = Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p));
            Assert.InRange(landed, 300, 4999); // some blocks, and half a batch, landed before the crash
            Assert.Single(Enumerable.Range(0, log.Partitions), p => log.LastSourcePosition(p) is var _ && log.FoundCutBatch(p));
            resumed = new LogIngest([input], null, log, temp.File("rejected.jsonl"), batchSize: 300).Run();
            Assert.Equal(5000, Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p)));
            Assert.Equal(5000 - landed, resumed.Appended); // counted the cut batch's landed half again
        }

        Assert.NotNull(resumed.ResumedAfter);
        var consumed = Payloads.ConsumeAll(options, "resume-readers", KafkaCluster.Partitions, 5000);
        for (int p = 0; p < KafkaCluster.Partitions; p++)
            Assert.Equal(s_embedded.Value[p], consumed[p]);
    }

    [Fact]
    public void A_finished_ingest_run_again_publishes_nothing()
    {
        var options = cluster.NewTopics("again");
        using var temp = new TempFolder();
        var input = InputFile.FromPath(RepoPaths.Rees46Sample);
        using (var log = new KafkaLogBuilder(options).Build())
            new LogIngest([input], null, log, temp.File("rejected.jsonl")).Run();

        using var again = new KafkaLogBuilder(options).Build();
        var result = new LogIngest([input], null, again, temp.File("rejected.jsonl")).Run();

        Assert.Equal(0, result.Appended);
        Assert.Equal(5000, result.Accepted);
        Assert.Equal(5000, Enumerable.Range(0, again.Partitions).Sum(p => again.EndOffset(p)));
    }

    [Fact]
    public void A_partition_reader_reads_what_the_embedded_log_holds()
    {
        var options = cluster.NewTopics("reader");
        using var temp = new TempFolder();
        using var log = new KafkaLogBuilder(options).Build();
        new LogIngest([InputFile.FromPath(RepoPaths.Rees46Sample)], null, log, temp.File("rejected.jsonl")).Run();

        var batch = new LogReadBatch(700);
        for (int p = 0; p < log.Partitions; p++)
        {
            var read = new List<string>();
            using var reader = log.OpenReader(p, 0);
            while (reader.Read(batch) > 0)
            {
                Assert.Equal(read.Count, batch.FirstOffset);
                for (int i = 0; i < batch.Count; i++)
                    read.Add(Convert.ToHexString(batch[i].Payload));
            }

            Assert.Equal(s_embedded.Value[p], read);
            Assert.Equal(log.EndOffset(p), reader.Position);
        }
    }

    [Fact]
    public async Task A_partition_reader_stops_at_a_record_that_is_not_an_event_naming_its_offset()
    {
        var options = cluster.NewTopics("reader-poison");
        using var log = new KafkaLogBuilder(options).Build();
        var e = Payloads.ParseSample(RepoPaths.Rees46Sample)[0];
        var batch = new LogBatch();
        LoggedEvent.Add(batch, e, e.EventTimeTicks);
        log.Append(2, batch);
        using (var producer = new Confluent.Kafka.ProducerBuilder<byte[], byte[]>(new Confluent.Kafka.ProducerConfig { BootstrapServers = options.BootstrapServers }).Build())
        {
            producer.Produce(new Confluent.Kafka.TopicPartition(options.Topics.Events, 2), new Confluent.Kafka.Message<byte[], byte[]> { Value = "{"u8.ToArray() });
            producer.Flush(TimeSpan.FromSeconds(10));
        }

        using var reader = log.OpenReader(2, 0);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.True(await reader.WaitToReadAsync(timeout.Token));
        var read = new LogReadBatch(1);
        Assert.Equal(1, reader.Read(read));
        Assert.Equal(Convert.ToHexString(Payloads.Encode(e, e.EventTimeTicks)), Convert.ToHexString(read[0].Payload));
        var ex = Assert.Throws<LogFormatException>(() => reader.Read(read));
        Assert.Contains($"{options.Topics.Events} [2] offset 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_offsets_are_committed_to_kafka_and_read_back()
    {
        var options = cluster.NewTopics("offsets");
        using var temp = new TempFolder();
        using var log = new KafkaLogBuilder(options).Build();
        new LogIngest([InputFile.FromPath(RepoPaths.Rees46Sample)], null, log, temp.File("rejected.jsonl")).Run();

        Assert.Null(log.Committed("g", 0));
        log.Commit("g", [new PartitionOffset(0, 5), new PartitionOffset(3, 7)]);
        log.Commit("g", 1, 2);

        Assert.Equal(5, log.Committed("g", 0));
        Assert.Equal(2, log.Committed("g", 1));
        Assert.Equal(7, log.Committed("g", 3));
        Assert.Null(log.Committed("other", 0));
    }
}
