using Confluent.Kafka;
using ShopStream.Core.Log;

namespace ShopStream.Kafka;

/// <summary>
/// Consumer-group offsets, kept by Kafka itself. A commit made here is a standalone one (the group's members are
/// not involved): Kafka refuses it while the group has active members, which is what a processor instance's
/// <see cref="Consumer.KafkaGroupReader.Commit"/> is for.
/// </summary>
public sealed partial class KafkaEventLog
{
    private readonly Dictionary<string, IConsumer<byte[], byte[]>> _groups = [];

    public void Commit(string group, int partition, long offset) => Commit(group, [new PartitionOffset(partition, offset)]);

    public void Commit(string group, ReadOnlySpan<PartitionOffset> offsets)
    {
        var list = new List<TopicPartitionOffset>(offsets.Length);
        foreach (var o in offsets)
        {
            CheckPartition(o.Partition);
            ArgumentOutOfRangeException.ThrowIfNegative(o.Offset);
            list.Add(new TopicPartitionOffset(Topic, o.Partition, o.Offset));
        }

        // One OffsetCommit request carries them all: Kafka records them together.
        OnGroup(group, consumer =>
        {
            consumer.Commit(list);
            return true;
        }, $"group {group}'s commit");
    }

    public long? Committed(string group, int partition)
    {
        CheckPartition(partition);
        var committed = OnGroup(group, consumer => consumer.Committed([new TopicPartition(Topic, partition)], _options.Timeout), $"group {group}'s offset of {Topic} [{partition}]");
        long offset = committed[0].Offset.Value;
        return offset >= 0 ? offset : null;
    }

    // A call on the group's client, bounded (BoundedCall): one that did not return in time leaves the client to it.
    private T OnGroup<T>(string group, Func<IConsumer<byte[], byte[]>, T> call, string what)
    {
        lock (_groups)
        {
            var consumer = Group(group);
            try
            {
                return BoundedCall.Run(() => call(consumer), _options.Timeout + BoundedCall.Grace, what);
            }
            catch (AbandonedCallException)
            {
                _groups.Remove(group); // possibly still inside the call: the next one gets a client of its own
                throw;
            }
        }
    }

    private IConsumer<byte[], byte[]> Group(string group)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_groups.TryGetValue(group, out var consumer))
            _groups[group] = consumer = KafkaClients.NewConsumer(_options, group).Build();
        return consumer;
    }
}
