namespace ShopStream.Kafka.Tests;

/// <summary>Tests that share one <see cref="KafkaCluster"/> (each with its own topics).</summary>
[CollectionDefinition(Name)]
public sealed class KafkaClusterCollection : ICollectionFixture<KafkaCluster>
{
    public const string Name = "kafka cluster";
}
