namespace ShopStream.Kafka.Mock;

/// <summary>Starts a <see cref="KafkaMockCluster"/>: <c>new KafkaMockClusterBuilder().WithBrokers(3).WithTopic("shop.events", 6).Build()</c>.</summary>
public sealed class KafkaMockClusterBuilder
{
    private KafkaMockClusterOptions _options;

    public KafkaMockClusterBuilder(KafkaMockClusterOptions? options = null) => _options = options ?? new KafkaMockClusterOptions();

    public KafkaMockClusterBuilder WithBrokers(int brokers)
    {
        _options = _options with { Brokers = brokers };
        return this;
    }

    public KafkaMockClusterBuilder WithPartitions(int partitions)
    {
        _options = _options with { Partitions = partitions };
        return this;
    }

    public KafkaMockClusterBuilder WithTopics(IReadOnlyList<string> topics)
    {
        _options = _options with { Topics = topics };
        return this;
    }

    /// <summary>Validates the options and starts the brokers (they listen as soon as this returns).</summary>
    public KafkaMockCluster Build()
    {
        var o = _options;
        if (o.Brokers is < 1 or > 32)
            throw new ArgumentException($"a mock cluster has 1..32 brokers, not {o.Brokers}");
        if (o.Partitions is < 1 or > 1024)
            throw new ArgumentException($"a mock topic has 1..1024 partitions, not {o.Partitions}");
        foreach (var topic in o.Topics)
            KafkaTopics.Validate(topic);
        // librdkafka refuses the second as "Topic already exists", which read as a failure to start at all.
        if (o.Topics.GroupBy(t => t, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"topic '{twice.Key}' is named twice");
        return KafkaMockCluster.Start(o);
    }
}
