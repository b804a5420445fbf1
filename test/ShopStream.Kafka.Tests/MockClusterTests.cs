using System.Net.Sockets;
using Confluent.Kafka;
using ShopStream.Kafka.Mock;

namespace ShopStream.Kafka.Tests;

public sealed class MockClusterTests
{
    [Fact]
    public void Mock_cluster_serves_three_brokers_and_six_partition_topics_over_the_kafka_protocol()
    {
        using var cluster = new KafkaMockClusterBuilder().WithBrokers(3).WithPartitions(6).WithTopics(["shop.events", "shop.inventory"]).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();

        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));

        Assert.Equal(3, cluster.BootstrapServers.Split(',').Length);
        Assert.Equal([1, 2, 3], metadata.Brokers.Select(b => b.BrokerId).Order());
        Assert.Equal(6, metadata.Topics.Single(t => t.Topic == "shop.events").Partitions.Count);
        Assert.Equal(6, metadata.Topics.Single(t => t.Topic == "shop.inventory").Partitions.Count);
    }

    [Fact]
    public void Disposing_the_mock_cluster_stops_its_brokers()
    {
        var cluster = new KafkaMockClusterBuilder().WithBrokers(1).WithTopics([]).Build();
        string first = cluster.BootstrapServers.Split(',')[0];
        int port = int.Parse(first[(first.LastIndexOf(':') + 1)..]);
        using (var open = new TcpClient())
            open.Connect("127.0.0.1", port);

        cluster.Dispose();

        using var closed = new TcpClient();
        Assert.ThrowsAny<SocketException>(() => closed.Connect("127.0.0.1", port));
    }

    [Fact]
    public void Bad_mock_cluster_options_are_refused_with_the_reason()
    {
        Assert.Contains("brokers", Assert.Throws<ArgumentException>(() => new KafkaMockClusterBuilder().WithBrokers(0).Build()).Message, StringComparison.Ordinal);
        Assert.Contains("topic name", Assert.Throws<ArgumentException>(() => new KafkaMockClusterBuilder().WithTopics(["bad topic"]).Build()).Message, StringComparison.Ordinal);
    }
}
