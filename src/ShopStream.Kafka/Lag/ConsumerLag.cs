using Confluent.Kafka;

namespace ShopStream.Kafka.Lag;

/// <summary>Reads a consumer group's lag on the events topic, per partition, without joining the group.</summary>
public static class ConsumerLag
{
    public static IReadOnlyList<PartitionLag> Read(KafkaLogOptions options, string group)
    {
        ArgumentNullException.ThrowIfNull(options);
        Consumer.KafkaGroupReaderBuilder.CheckGroup(group); // `status --group ""` showed .NET's "(Parameter 'group')"
        options.Validate();
        BootstrapReachability.Require(options.BootstrapServers, options.Timeout);
        string topic = options.Topics.Events;
        using var consumer = KafkaClients.NewConsumer(options, group).Build();
        using var admin = KafkaClients.NewAdmin(options);
        // All topics' metadata: one naming a missing topic may create it (see KafkaLogBuilder).
        var metadata = admin.GetMetadata(options.Timeout).Topics.FirstOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
            throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart, $"topic {topic} does not exist (ingest or generate creates it)"));
        var partitions = metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).OrderBy(p => p.Partition.Value).ToList();
        var committed = consumer.Committed(partitions, options.Timeout).ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
        var lags = new List<PartitionLag>(partitions.Count);
        foreach (var tp in partitions)
        {
            var marks = consumer.QueryWatermarkOffsets(tp, options.Timeout);
            long c = committed.TryGetValue(tp.Partition.Value, out long value) ? value : -1;
            lags.Add(new PartitionLag(tp.Partition.Value, c >= 0 ? c : null, marks.Low.Value, marks.High.Value));
        }

        return lags;
    }
}
