using System.Runtime.InteropServices;

namespace ShopStream.Kafka.Native;

/// <summary>An <c>rd_kafka_t</c> made for the mock cluster's book-keeping; destroyed with <c>rd_kafka_destroy</c>.</summary>
internal sealed class RdKafkaHandle : SafeHandle
{
    public RdKafkaHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>A producer handle with <paramref name="settings"/> (librdkafka property names); throws with librdkafka's reason.</summary>
    public static unsafe RdKafkaHandle Create(IEnumerable<KeyValuePair<string, string>> settings)
    {
        const int ErrorSize = 512;
        byte* error = stackalloc byte[ErrorSize];
        nint conf = RdKafkaNative.ConfNew();
        foreach (var (name, value) in settings)
        {
            if (RdKafkaNative.ConfSet(conf, name, value, error, ErrorSize) != RdKafkaNative.ConfOk)
            {
                RdKafkaNative.ConfDestroy(conf);
                throw new InvalidOperationException($"librdkafka setting {name}={value}: {Marshal.PtrToStringUTF8((nint)error)}");
            }
        }

        var handle = new RdKafkaHandle();
        nint rk = RdKafkaNative.New(RdKafkaNative.ProducerType, conf, error, ErrorSize);
        if (rk == 0)
        {
            RdKafkaNative.ConfDestroy(conf); // rd_kafka_new owns the configuration only when it succeeds
            throw new InvalidOperationException($"librdkafka could not create a client handle: {Marshal.PtrToStringUTF8((nint)error)}");
        }

        handle.SetHandle(rk);
        return handle;
    }

    protected override bool ReleaseHandle()
    {
        RdKafkaNative.Destroy(handle);
        return true;
    }
}
