using Confluent.Kafka;

namespace ShopStream.Kafka.Tests;

[Collection(IngestCluster.Name)]
public sealed class NativeLibraryTests(KafkaCluster cluster)
{
    [Fact]
    public void Confluent_Kafka_runs_on_Debians_librdkafka_2_0_2()
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();

        Assert.Equal("2.0.2", Library.VersionString);
        var maps = File.ReadAllLines("/proc/self/maps").Where(l => l.Contains("librdkafka", StringComparison.Ordinal)).Select(l => l[(l.IndexOf('/', StringComparison.Ordinal))..]).Distinct().ToList();
        Assert.Equal(["/usr/lib/x86_64-linux-gnu/librdkafka.so.1"], maps);
    }
}
