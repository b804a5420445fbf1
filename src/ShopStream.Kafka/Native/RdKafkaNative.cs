using System.Runtime.InteropServices;

namespace ShopStream.Kafka.Native;

/// <summary>
/// The few librdkafka C functions that Confluent.Kafka does not expose: enough to start the library's mock cluster
/// and make its brokers fail requests.
/// Bound to <c>librdkafka.so.1</c>, Debian's librdkafka1, the same file Confluent.Kafka's default probing loads
/// (through the <c>librdkafka.so</c> link of librdkafka-dev), so one copy of the library serves both.
/// </summary>
internal static partial class RdKafkaNative
{
    public const string Library = "librdkafka.so.1";

    /// <summary><c>RD_KAFKA_PRODUCER</c>: the handle type the mock cluster is created on.</summary>
    public const int ProducerType = 0;

    /// <summary><c>RD_KAFKA_CONF_OK</c>.</summary>
    public const int ConfOk = 0;

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_new")]
    public static partial nint ConfNew();

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_destroy")]
    public static partial void ConfDestroy(nint conf);

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int ConfSet(nint conf, string name, string value, byte* errstr, nuint errstrSize);

    /// <summary>Takes ownership of <paramref name="conf"/> when it succeeds (returns non-zero).</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_new")]
    public static unsafe partial nint New(int type, nint conf, byte* errstr, nuint errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_destroy")]
    public static partial void Destroy(nint rk);

    [LibraryImport(Library, EntryPoint = "rd_kafka_err2str")]
    public static partial nint ErrorText(int error);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_new")]
    public static partial nint MockClusterNew(nint rk, int brokers);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    public static partial void MockClusterDestroy(nint cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    public static partial nint MockClusterBootstraps(nint cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockTopicCreate(nint cluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    public static unsafe partial void MockPushRequestErrors(nint cluster, short apiKey, nuint count, int* errors);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    public static partial void MockClearRequestErrors(nint cluster, short apiKey);

    public static string Describe(int error) => Marshal.PtrToStringUTF8(ErrorText(error)) ?? $"error {error}";
}
