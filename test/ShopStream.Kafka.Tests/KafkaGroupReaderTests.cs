using ShopStream.Core.Validation;
using System.Text;
using Confluent.Kafka;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Kafka.Consumer;
using ShopStream.Kafka.Lag;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

[Collection(GroupCluster.Name)]
public sealed class KafkaGroupReaderTests(KafkaCluster cluster)
{
    [Fact]
    public void Poison_messages_go_to_the_dead_letter_topic_with_the_reason_and_reading_goes_on()
    {
        var options = cluster.NewTopics("poison");
        var good = Payloads.ParseSample(RepoPaths.Rees46Sample)[0];
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = options.BootstrapServers }).Build())
        {
            var p0 = new TopicPartition(options.Topics.Events, 0);
            producer.Produce(p0, new Message<byte[], byte[]> { Key = "1"u8.ToArray(), Value = "not json at all"u8.ToArray() });
            producer.Produce(p0, new Message<byte[], byte[]> { Key = "2"u8.ToArray(), Value = """{"schema_version":99}"""u8.ToArray() });
            producer.Produce(p0, new Message<byte[], byte[]> { Key = "3"u8.ToArray(), Value = new byte[options.MaxValueBytes + 1] });
            // Another producer's well-formed events that ingest validation refuses: they stopped process (an overflow).
            var huge = good with { Price = 50_000_000_000_000_000_000_000_000_000m };
            var nul = good with { Brand = "x\0" };
            producer.Produce(p0, new Message<byte[], byte[]> { Key = "4"u8.ToArray(), Value = Canonical(huge) });
            producer.Produce(p0, new Message<byte[], byte[]> { Key = "5"u8.ToArray(), Value = Canonical(nul) });
            producer.Flush(TimeSpan.FromSeconds(10));
        }

        using (var log = new KafkaLogBuilder(options).Build())
        {
            var batch = new LogBatch();
            LoggedEvent.Add(batch, good, good.EventTimeTicks);
            Assert.Equal(5, log.Append(0, batch));
        }

        using var reader = new KafkaGroupReaderBuilder(options, "poison-readers").Build();
        var events = new ConsumedEvents();
        int read = 0, dead = 0;
        var refused = new List<(int Partition, RejectReason Reason)>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (read == 0 && DateTime.UtcNow < deadline)
        {
            read += reader.Poll(events, TimeSpan.FromMilliseconds(500));
            dead += events.DeadLettered;
            refused.AddRange(events.Refused);
            if (read > 0)
                Assert.Equal([new PartitionOffset(0, 6)], events.NextOffsets); // past the poison too
        }

        Assert.Equal(1, read);
        Assert.Equal(5, dead);
        Assert.Equal(5, reader.DeadLettered);
        // What the results count them as: json for what is not a ShopStream event, SPEC's reason for the others.
        Assert.Equal([(0, RejectReason.Json), (0, RejectReason.Json), (0, RejectReason.TooLarge), (0, RejectReason.Price), (0, RejectReason.Encoding)], refused);
        Assert.Equal(good.UserId, events[0].UserId);

        var letters = ReadAll(options.BootstrapServers, options.Topics.DeadLetters, 5);
        Assert.Equal(["1", "2", "3", "4", "5"], letters.Select(l => Encoding.UTF8.GetString(l.Message.Key)).Order());
        var reasons = letters.ToDictionary(l => Encoding.UTF8.GetString(l.Message.Key), l => Header(l, KafkaGroupReader.ReasonHeader));
        Assert.Contains("not a ShopStream event", reasons["1"], StringComparison.Ordinal);
        Assert.Contains("schema_version 99 is not supported", reasons["2"], StringComparison.Ordinal);
        Assert.StartsWith("too_large", reasons["3"], StringComparison.Ordinal);
        Assert.StartsWith("price: 50000000000000000000000000000 is negative or above", reasons["4"], StringComparison.Ordinal);
        Assert.StartsWith("encoding: a text field holds a NUL", reasons["5"], StringComparison.Ordinal);
        var first = letters.Single(l => Encoding.UTF8.GetString(l.Message.Key) == "1");
        Assert.Equal("not json at all", Encoding.UTF8.GetString(first.Message.Value));
        Assert.Equal(options.Topics.Events, Header(first, KafkaGroupReader.TopicHeader));
        Assert.Equal("0", Header(first, KafkaGroupReader.PartitionHeader));
        Assert.Equal("0", Header(first, KafkaGroupReader.OffsetHeader));
    }

    private static byte[] Canonical(ShopStream.Core.Events.ShopEvent e)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        ShopStream.Kafka.Json.KafkaEventJson.Write(buffer, in e, e.EventTimeTicks);
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Two_instances_of_a_group_share_the_partitions_and_read_every_event_once()
    {
        var options = cluster.NewTopics("group");
        using var temp = new TempFolder();
        using (var log = new KafkaLogBuilder(options).Build())
            new LogIngest([InputFile.FromPath(RepoPaths.Rees46Sample)], null, log, temp.File("rejected.jsonl")).Run();

        var assigned = new[] { new List<int>(), new List<int>() };
        var revoked = new[] { new List<int>(), new List<int>() };
        var readers = new KafkaGroupReader[2];
        var seen = new HashSet<(int Partition, long Offset)>();
        var pending = new List<(int Partition, long Offset)>();
        int duplicates = 0, refused = 0;
        var batch = new ConsumedEvents(250);
        try
        {
            for (int i = 0; i < 2; i++)
            {
                int me = i;
                readers[i] = new KafkaGroupReaderBuilder(options, "two-instances")
                    .OnAssigned(p => { assigned[me].AddRange(p); return []; })
                    .OnRevoked(p => revoked[me].AddRange(p))
                    .Build();
            }

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (seen.Count < 5000 && DateTime.UtcNow < deadline)
            {
                foreach (var reader in readers)
                {
                    reader.Poll(batch, TimeSpan.FromMilliseconds(100));
                    pending.Clear();
                    for (int e = 0; e < batch.Count; e++)
                        pending.Add((batch.PartitionAt(e), batch.OffsetAt(e)));

                    // Processed once committed; a commit refused during a rebalance leaves them to be read again.
                    if (reader.Commit(batch.NextOffsets))
                        duplicates += pending.Count(seen.Add) == pending.Count ? 0 : 1;
                    else
                        refused++;
                }
            }

            Assert.Equal(5000, seen.Count);
            Assert.Equal(0, duplicates); // no committed event was ever delivered again
            Assert.Equal(Enumerable.Range(0, 6), readers.SelectMany(r => r.Assignment).Order());
            Assert.All(readers, r => Assert.NotEmpty(r.Assignment));
            Assert.True(assigned[0].Count + assigned[1].Count >= 6);
        }
        finally
        {
            foreach (var reader in readers)
                reader?.Dispose();
        }

        Assert.All(ConsumerLag.Read(options, "two-instances"), lag => Assert.Equal(0, lag.Lag));
    }

    [Fact]
    public void Instances_that_checkpoint_what_they_give_up_and_restore_what_they_get_hand_over_without_rereads()
    {
        var options = cluster.NewTopics("handover");
        using var temp = new TempFolder();
        using (var log = new KafkaLogBuilder(options).Build())
            new LogIngest([InputFile.FromPath(RepoPaths.Rees46Sample)], null, log, temp.File("rejected.jsonl")).Run();

        // What processor instances do, with a dictionary as the shared checkpoint store and no offset commits at all:
        // on revocation, checkpoint the next offset of each partition given up; on assignment, start from the checkpoint.
        var checkpoints = new Dictionary<int, long>();
        var seen = new HashSet<(int, long)>();
        int duplicates = 0, revocations = 0;
        var processed = new[] { new Dictionary<int, long>(), new Dictionary<int, long>() };
        KafkaGroupReader Instance(int me) => new KafkaGroupReaderBuilder(options, "handover")
            .OnAssigned(partitions => [.. partitions.Where(checkpoints.ContainsKey).Select(p => new PartitionOffset(p, checkpoints[p]))])
            .OnRevoked(partitions =>
            {
                revocations++;
                foreach (int p in partitions.Where(processed[me].ContainsKey))
                    checkpoints[p] = processed[me][p];
                foreach (int p in partitions)
                    processed[me].Remove(p);
            })
            .Build();

        using var first = Instance(0);
        var batch = new ConsumedEvents(200);
        for (int polls = 0; polls < 100 && seen.Count < 1000; polls++)
            Take(first, batch, seen, processed[0], ref duplicates);
        Assert.InRange(seen.Count, 1000, 4999);

        // Until the second instance holds partitions too: on a slow machine the first may read everything before the
        // rebalance that hands some over has finished.
        using var second = Instance(1);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((seen.Count < 5000 || second.Assignment.Count == 0) && DateTime.UtcNow < deadline)
        {
            Take(first, batch, seen, processed[0], ref duplicates);
            Take(second, batch, seen, processed[1], ref duplicates);
        }

        Assert.True(revocations >= 1);
        Assert.Equal(5000, seen.Count);
        Assert.Equal(0, duplicates);
        Assert.NotEmpty(second.Assignment);
    }

    [Fact]
    public void Assigned_partitions_start_where_the_assignment_callback_says()
    {
        var options = cluster.NewTopics("restore");
        using var temp = new TempFolder();
        long end0;
        using (var log = new KafkaLogBuilder(options).Build())
        {
            new LogIngest([InputFile.FromPath(RepoPaths.Rees46Sample)], null, log, temp.File("rejected.jsonl")).Run();
            end0 = log.EndOffset(0);
            log.Commit("restorers", 1, 5); // a committed offset applies where the callback says nothing
        }

        var given = new List<int>();
        using var reader = new KafkaGroupReaderBuilder(options, "restorers")
            .OnAssigned(partitions => { given.AddRange(partitions); return [new PartitionOffset(0, end0 - 10)]; }) // as from a checkpoint
            .Build();
        var batch = new ConsumedEvents(500);
        var firstOffsets = new Dictionary<int, long>();
        int read = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (read < 5000 - (end0 - 10) - 5 && DateTime.UtcNow < deadline)
        {
            read += reader.Poll(batch, TimeSpan.FromMilliseconds(300));
            for (int i = 0; i < batch.Count; i++)
                firstOffsets.TryAdd(batch.PartitionAt(i), batch.OffsetAt(i));
        }

        Assert.Equal(Enumerable.Range(0, 6), given.Order());
        Assert.Equal(end0 - 10, firstOffsets[0]);
        Assert.Equal(5, firstOffsets[1]);
        Assert.Equal(0, firstOffsets[2]);
        Assert.Equal(5000 - (end0 - 10) - 5, read);
    }

    private static void Take(KafkaGroupReader reader, ConsumedEvents batch, HashSet<(int, long)> seen, Dictionary<int, long> processed, ref int duplicates)
    {
        reader.Poll(batch, TimeSpan.FromMilliseconds(100));
        for (int i = 0; i < batch.Count; i++)
            duplicates += seen.Add((batch.PartitionAt(i), batch.OffsetAt(i))) ? 0 : 1;
        foreach (var next in batch.NextOffsets)
            processed[next.Partition] = next.Offset;
    }

    [Fact]
    public void Lag_per_partition_is_the_end_offset_minus_the_committed_one()
    {
        var options = cluster.NewTopics("lag");
        using var temp = new TempFolder();
        using var log = new KafkaLogBuilder(options).Build();
        new LogIngest([InputFile.FromPath(RepoPaths.Rees46Sample)], null, log, temp.File("rejected.jsonl")).Run();
        log.Commit("lagging", [new PartitionOffset(0, log.EndOffset(0) / 2), new PartitionOffset(1, log.EndOffset(1))]);

        var lags = ConsumerLag.Read(options, "lagging");

        Assert.Equal(Enumerable.Range(0, 6), lags.Select(l => l.Partition));
        Assert.Equal(log.EndOffset(0) - (log.EndOffset(0) / 2), lags[0].Lag);
        Assert.Equal(0, lags[1].Lag);
        Assert.Null(lags[2].Committed);
        Assert.Equal(log.EndOffset(2), lags[2].Lag);
        Assert.Equal(5000 - (log.EndOffset(0) / 2) - log.EndOffset(1), lags.Sum(l => l.Lag));
    }

    private static List<ConsumeResult<byte[], byte[]>> ReadAll(string bootstrap, string topic, int expected)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "check-" + Guid.NewGuid(), AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Subscribe(topic);
        var results = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (results.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } r)
                results.Add(r);
        }

        consumer.Close();
        return results;
    }

    private static string Header(ConsumeResult<byte[], byte[]> r, string name) =>
        r.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : "(missing)";
}
