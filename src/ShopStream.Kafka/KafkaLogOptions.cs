namespace ShopStream.Kafka;

/// <summary>
/// How ShopStream talks to a Kafka cluster. The producer settings are those of a shop's durable setup:
/// <c>acks=all</c> and idempotence always (they are not options), batching and compression tunable.
/// </summary>
public sealed record KafkaLogOptions
{
    /// <summary><c>bootstrap.servers</c>: <c>HOST:PORT[,HOST:PORT...]</c>.</summary>
    public required string BootstrapServers { get; init; }

    public KafkaTopics Topics { get; init; } = KafkaTopics.Default;

    /// <summary>Partitions of the events topic when ShopStream has to create it (an existing topic keeps its own).</summary>
    public int CreatePartitions { get; init; } = DefaultPartitions;

    public const int DefaultPartitions = 6;

    /// <summary>
    /// Whether <see cref="CreatePartitions"/> was asked for (<c>--partitions</c>) rather than a default: the events
    /// topic must then have that many, an existing one or one a broker made on demand (<see cref="KafkaLogBuilder"/>).
    /// </summary>
    public bool PartitionsRequired { get; init; }

    /// <summary>Replication factor of a topic ShopStream creates (a real cluster wants 3).</summary>
    public short ReplicationFactor { get; init; } = 1;

    public string ClientId { get; init; } = "shopstream";

    /// <summary><c>linger.ms</c>: how long the producer waits to fill a batch.</summary>
    public double LingerMs { get; init; } = 5;

    /// <summary><c>batch.size</c> in bytes: the most one partition's batch holds.</summary>
    public int BatchBytes { get; init; } = 1 << 20;

    /// <summary><c>compression.type</c>: none, gzip, snappy, lz4 or zstd.</summary>
    public string Compression { get; init; } = "lz4";

    /// <summary>The largest record value a consumer accepts; a larger one goes to the dead letters as <c>too_large</c>.</summary>
    public int MaxValueBytes { get; init; } = 256 * 1024;

    /// <summary>How long a metadata, offset or delivery wait may take before it fails.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>session.timeout.ms</c> of a group member: how soon the group gives a silent (killed) instance's partitions
    /// to the others. Kafka's default, 45 s, is long for a processor; brokers accept 6 s and up by default.
    /// </summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where librdkafka's own log lines go (connection failures and the like); null drops them.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Where ShopStream's warnings about the cluster go, one line each (a topic made with another partition count than asked); null drops them.</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>Validates what Kafka itself would only reject later, with a clear message.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
            throw new ArgumentException("a Kafka bootstrap address is needed (HOST:PORT)");
        foreach (var server in BootstrapServers.Split(','))
        {
            int colon = server.LastIndexOf(':');
            if (colon <= 0 || !ushort.TryParse(server.AsSpan(colon + 1), out ushort port) || port == 0)
                throw new ArgumentException($"'{server}' is not a Kafka bootstrap address (HOST:PORT)");
        }

        foreach (var topic in Topics.All)
            KafkaTopics.Validate(topic);
        if (CreatePartitions is < 1 or > 10_000)
            throw new ArgumentException($"partitions must be 1..10000, got {CreatePartitions}");
        if (Compression is not ("none" or "gzip" or "snappy" or "lz4" or "zstd"))
            throw new ArgumentException($"compression '{Compression}' is not one of none, gzip, snappy, lz4, zstd");
        if (Timeout <= TimeSpan.Zero)
            throw new ArgumentException($"the Kafka timeout (--kafka-timeout) must be positive, got {Timeout.TotalSeconds:0.###} s");
        if (MaxValueBytes < 1024)
            throw new ArgumentException($"the largest record value must be at least 1024 bytes, got {MaxValueBytes}");
    }
}
