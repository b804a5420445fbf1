using System.Globalization;
using System.Runtime.InteropServices;
using ShopStream.Kafka.Native;

namespace ShopStream.Kafka.Mock;

/// <summary>
/// librdkafka's mock cluster: brokers that speak the real Kafka protocol on loopback sockets (produce, fetch,
/// idempotence, consumer groups, offset commits), all inside this process. For tests and for trying the
/// scale-out mode with no broker installed; it keeps everything in memory and is not a real broker. Start it
/// with <see cref="KafkaMockClusterBuilder"/>; disposing it stops the brokers.
/// </summary>
public sealed class KafkaMockCluster : IDisposable
{
    private readonly RdKafkaHandle _client;
    private readonly MockClusterHandle _cluster;

    private KafkaMockCluster(RdKafkaHandle client, MockClusterHandle cluster, KafkaMockClusterOptions options)
    {
        _client = client;
        _cluster = cluster;
        Options = options;
        BootstrapServers = Marshal.PtrToStringUTF8(RdKafkaNative.MockClusterBootstraps(cluster.DangerousGetHandle()))
            ?? throw new InvalidOperationException("the mock cluster has no bootstrap address");
    }

    /// <summary>The brokers' addresses, <c>127.0.0.1:PORT,...</c>, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    public KafkaMockClusterOptions Options { get; }

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions, replicated to min(3, brokers).</summary>
    public void CreateTopic(string topic, int partitions)
    {
        KafkaTopics.Validate(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);
        int error = RdKafkaNative.MockTopicCreate(_cluster.DangerousGetHandle(), topic, partitions, Math.Min(3, Options.Brokers));
        if (error != 0)
            throw new InvalidOperationException($"the mock cluster could not create topic {topic}: {RdKafkaNative.Describe(error)}");
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> requests of Kafka API <paramref name="apiKey"/> (12 is Heartbeat), from
    /// any client, fail with <paramref name="error"/>: for trying how clients take a broker's refusals.
    /// </summary>
    public unsafe void FailNextRequests(short apiKey, Confluent.Kafka.ErrorCode error, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);
        var errors = new int[count];
        Array.Fill(errors, (int)error);
        fixed (int* first = errors)
            RdKafkaNative.MockPushRequestErrors(_cluster.DangerousGetHandle(), apiKey, (nuint)count, first);
    }

    /// <summary>Drops the failures <see cref="FailNextRequests"/> queued for Kafka API <paramref name="apiKey"/> that have not happened yet.</summary>
    public void ClearRequestErrors(short apiKey)
    {
        ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);
        RdKafkaNative.MockClearRequestErrors(_cluster.DangerousGetHandle(), apiKey);
    }

    public void Dispose()
    {
        _cluster.Dispose(); // the cluster first: it releases its reference on the client handle
        _client.Dispose();
    }

    internal static KafkaMockCluster Start(KafkaMockClusterOptions options)
    {
        var client = RdKafkaHandle.Create(
        [
            new("log_level", options.LogLevel.ToString(CultureInfo.InvariantCulture)),
            new("client.id", "shopstream-mock-cluster"),
        ]);
        try
        {
            var cluster = new KafkaMockCluster(client, MockClusterHandle.Create(client, options.Brokers), options);
            foreach (var topic in options.Topics)
                cluster.CreateTopic(topic, options.Partitions);
            return cluster;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
