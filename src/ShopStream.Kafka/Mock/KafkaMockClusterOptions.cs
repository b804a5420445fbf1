namespace ShopStream.Kafka.Mock;

/// <summary>What a <see cref="KafkaMockCluster"/> starts with: brokers, and topics made up front with their partition count.</summary>
public sealed record KafkaMockClusterOptions
{
    /// <summary>Brokers, with ids 1..N, each listening on its own loopback port.</summary>
    public int Brokers { get; init; } = 3;

    /// <summary>Partitions of every topic in <see cref="Topics"/>.</summary>
    public int Partitions { get; init; } = 6;

    /// <summary>Topics created at start (others are created on first use with librdkafka's defaults).</summary>
    public IReadOnlyList<string> Topics { get; init; } = KafkaTopics.Default.All;

    /// <summary>librdkafka's <c>log_level</c> for the cluster's own handle (syslog levels; 3 = errors only).</summary>
    public int LogLevel { get; init; } = 3;
}
