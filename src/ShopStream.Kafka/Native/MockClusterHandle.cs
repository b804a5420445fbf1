using System.Runtime.InteropServices;

namespace ShopStream.Kafka.Native;

/// <summary>
/// An <c>rd_kafka_mock_cluster_t</c>. It holds a reference on the <c>rd_kafka_t</c> it was created on, so the
/// cluster is always destroyed first and its client handle after it, whichever is disposed or finalized first.
/// </summary>
internal sealed class MockClusterHandle : SafeHandle
{
    private RdKafkaHandle? _owner;

    public MockClusterHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    public static MockClusterHandle Create(RdKafkaHandle owner, int brokers)
    {
        var cluster = new MockClusterHandle();
        bool added = false;
        owner.DangerousAddRef(ref added);
        nint mc = RdKafkaNative.MockClusterNew(owner.DangerousGetHandle(), brokers);
        if (mc == 0)
        {
            owner.DangerousRelease();
            throw new InvalidOperationException($"librdkafka could not start a mock cluster of {brokers} brokers");
        }

        cluster._owner = owner;
        cluster.SetHandle(mc);
        return cluster;
    }

    protected override bool ReleaseHandle()
    {
        RdKafkaNative.MockClusterDestroy(handle);
        _owner?.DangerousRelease();
        return true;
    }
}
