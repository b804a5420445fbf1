using Confluent.Kafka;
using Confluent.Kafka.Admin;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Kafka.Mock;

namespace ShopStream.Kafka.Tests;

/// <summary>
/// The cluster the tests talk to: librdkafka's mock cluster (3 brokers, 6-partition topics) in this process, or,
/// when <c>KAFKA_BOOTSTRAP_SERVERS</c> is set, that real cluster. Each test gets topics of its own.
/// </summary>
public sealed class KafkaCluster : IDisposable
{
    public const int Brokers = 3;
    public const int Partitions = 6;

    private readonly KafkaMockCluster? _mock;

    public KafkaCluster()
    {
        string? real = Environment.GetEnvironmentVariable("KAFKA_BOOTSTRAP_SERVERS");
        if (string.IsNullOrWhiteSpace(real))
        {
            _mock = new KafkaMockClusterBuilder().WithBrokers(Brokers).WithPartitions(Partitions).WithTopics([]).Build();
            BootstrapServers = _mock.BootstrapServers;
        }
        else
        {
            BootstrapServers = real;
        }
    }

    public string BootstrapServers { get; }

    public bool IsMock => _mock is not null;

    /// <summary>The mock cluster, to make its brokers fail requests; null on a real cluster.</summary>
    public KafkaMockCluster? Mock => _mock;

    /// <summary>Fresh events and dead-letter topics of <see cref="Partitions"/> partitions, and options that use them.</summary>
    public KafkaLogOptions NewTopics(string name)
    {
        string prefix = $"{name}-{Guid.NewGuid():n}"[..Math.Min(name.Length + 12, 100)];
        var topics = new KafkaTopics { Events = prefix + ".events", DeadLetters = prefix + ".dlq", Orders = prefix + ".orders", Inventory = prefix + ".inventory" };
        foreach (var topic in topics.All)
            CreateTopic(topic);
        return new KafkaLogOptions { BootstrapServers = BootstrapServers, Topics = topics, Timeout = TimeSpan.FromSeconds(20), LingerMs = 1 };
    }

    /// <summary>
    /// Fresh topics (<see cref="NewTopics"/>) holding <paramref name="input"/>'s events, ingested as
    /// <c>shopstream ingest --to kafka</c> does, its rejects in <paramref name="rejectedFile"/>.
    /// </summary>
    public KafkaLogOptions NewTopicsWith(string name, InputFile input, string rejectedFile)
    {
        var options = NewTopics(name);
        using (var log = new KafkaLogBuilder(options).Build())
            new LogIngest([input], null, log, rejectedFile).Run();
        return options;
    }

    public void CreateTopic(string topic)
    {
        if (_mock is not null)
        {
            _mock.CreateTopic(topic, Partitions);
            return;
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = Partitions, ReplicationFactor = 1 }]).GetAwaiter().GetResult();
    }

    public void Dispose() => _mock?.Dispose();
}
