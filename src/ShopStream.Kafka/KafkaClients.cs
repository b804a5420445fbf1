using System.Globalization;
using Confluent.Kafka;

namespace ShopStream.Kafka;

/// <summary>Client configurations from <see cref="KafkaLogOptions"/>: one place for the settings every client shares.</summary>
internal static class KafkaClients
{
    public static ProducerConfig Producer(KafkaLogOptions o) => new ProducerConfig
    {
        BootstrapServers = o.BootstrapServers,
        ClientId = o.ClientId,
        Acks = Acks.All,
        EnableIdempotence = true,
        LingerMs = o.LingerMs,
        BatchSize = o.BatchBytes,
        CompressionType = Enum.Parse<CompressionType>(o.Compression, ignoreCase: true),
        MessageTimeoutMs = (int)o.Timeout.TotalMilliseconds,
        QueueBufferingMaxMessages = 1_000_000,
        QueueBufferingMaxKbytes = 1 << 20,
        MessageMaxBytes = Math.Max(1_000_000, o.MaxValueBytes * 2),
    }.Quiet();

    /// <summary>A consumer that never commits by itself: commits are explicit, after what they cover is safe.</summary>
    public static ConsumerConfig Consumer(KafkaLogOptions o, string? group) => new ConsumerConfig
    {
        BootstrapServers = o.BootstrapServers,
        ClientId = o.ClientId,
        GroupId = group ?? "shopstream-" + Guid.NewGuid().ToString("n", CultureInfo.InvariantCulture),
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        IsolationLevel = IsolationLevel.ReadCommitted,
        EnablePartitionEof = false,
        SocketTimeoutMs = (int)Math.Min(o.Timeout.TotalMilliseconds, 300_000),
        SessionTimeoutMs = (int)o.SessionTimeout.TotalMilliseconds,
        HeartbeatIntervalMs = (int)Math.Max(500, o.SessionTimeout.TotalMilliseconds / 5),
    }.Quiet();

    /// <summary>
    /// A client of its own for admin requests. Confluent.Kafka 1.9.3's admin client on another client's handle
    /// (<c>DependentAdminClientBuilder</c>) polls its result queue without waiting (cancellationDelayMaxMs 0; fixed in
    /// 2.0, which Debian's librdkafka cannot run): a core busy for as long as it lived, 5.3 s of CPU in 5.4 s while a
    /// topic was created on the mock cluster. Its librdkafka lines go where the other clients' go
    /// (<see cref="KafkaLogOptions.Log"/>), not to stderr.
    /// </summary>
    public static IAdminClient NewAdmin(KafkaLogOptions o) =>
        new AdminClientBuilder(Admin(o)).SetLogHandler(LogTo(o)).Build();

    public static AdminClientConfig Admin(KafkaLogOptions o) => new AdminClientConfig
    {
        BootstrapServers = o.BootstrapServers,
        ClientId = o.ClientId,
    }.Quiet();

    /// <summary>librdkafka's log lines to <see cref="KafkaLogOptions.Log"/> (dropped without one).</summary>
    private static Action<IClient, LogMessage> LogTo(KafkaLogOptions o) => (_, m) => o.Log?.Invoke($"librdkafka {m.Level} {m.Facility}: {m.Message}");

    /// <summary>librdkafka logs errors only (syslog level 3): its informational lines are noise on a command's stderr.</summary>
    private static T Quiet<T>(this T config)
        where T : ClientConfig
    {
        config.Set("log_level", "3");
        return config;
    }

    /// <summary>A producer whose librdkafka log lines go to <see cref="KafkaLogOptions.Log"/> (dropped without one).</summary>
    public static IProducer<byte[], byte[]> NewProducer(KafkaLogOptions o) =>
        new ProducerBuilder<byte[], byte[]>(Producer(o)).SetLogHandler(LogTo(o)).Build();

    /// <summary>A consumer (see <see cref="Consumer(KafkaLogOptions, string?)"/>) whose log lines go to <see cref="KafkaLogOptions.Log"/>.</summary>
    public static ConsumerBuilder<byte[], byte[]> NewConsumer(KafkaLogOptions o, string? group) =>
        new ConsumerBuilder<byte[], byte[]>(Consumer(o, group)).SetLogHandler(LogTo(o));

    /// <summary>The record key of a user or product id: its decimal digits, as other producers write it.</summary>
    public static byte[] Key(long id) => System.Text.Encoding.ASCII.GetBytes(id.ToString(CultureInfo.InvariantCulture));
}
