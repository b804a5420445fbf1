using ShopStream.Core.Log;

namespace ShopStream.Kafka.Consumer;

/// <summary>
/// Joins a consumer group on the events topic: <c>new KafkaGroupReaderBuilder(options, "G").OnAssigned(...).OnRevoked(...).Build()</c>.
/// </summary>
public sealed class KafkaGroupReaderBuilder
{
    private readonly KafkaLogOptions _options;
    private readonly string _group;
    private Func<IReadOnlyList<int>, IReadOnlyList<PartitionOffset>>? _assigned;
    private Action<IReadOnlyList<int>>? _revoked;
    private Action<IReadOnlyList<int>>? _lost;

    public KafkaGroupReaderBuilder(KafkaLogOptions options, string group)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckGroup(group);
        _options = options;
        _group = group;
    }

    /// <exception cref="ArgumentException">Not a group id Kafka takes, said for people (not .NET's parameter message).</exception>
    internal static void CheckGroup(string group)
    {
        if (string.IsNullOrWhiteSpace(group) || group.Length > 255)
            throw new ArgumentException($"'{group}' is not a consumer group id (1..255 characters)");
    }

    /// <summary>
    /// Called on the polling thread when the group gives this instance partitions. It returns where to start in
    /// some of them (say, the offsets a restored checkpoint covers); the others start at the group's committed
    /// offset, or at the beginning when there is none.
    /// </summary>
    public KafkaGroupReaderBuilder OnAssigned(Func<IReadOnlyList<int>, IReadOnlyList<PartitionOffset>> handler)
    {
        _assigned = handler;
        return this;
    }

    /// <summary>
    /// Called on the polling thread before partitions go to another instance (or are lost, without <see cref="OnLost"/>): the
    /// place to checkpoint them, so that their next owner restores the checkpoint and starts at its offsets
    /// (through its <see cref="OnAssigned"/>). A <see cref="KafkaGroupReader.Commit"/> here is best effort: Kafka
    /// accepts it from a member of the current generation, librdkafka's mock cluster refuses it during a rebalance
    /// (it returns false).
    /// </summary>
    public KafkaGroupReaderBuilder OnRevoked(Action<IReadOnlyList<int>> handler)
    {
        _revoked = handler;
        return this;
    }

    /// <summary>
    /// Called on the polling thread when this instance has fallen out of the group (the coordinator no longer knows it,
    /// say after its session timed out) with the partitions it held: they are likely another member's by now, so
    /// nothing of theirs may be checkpointed or committed from here. The reader then rejoins. Without this handler
    /// <see cref="OnRevoked"/> is called instead, as librdkafka does.
    /// </summary>
    public KafkaGroupReaderBuilder OnLost(Action<IReadOnlyList<int>> handler)
    {
        _lost = handler;
        return this;
    }

    /// <summary>Subscribes; partitions arrive with the first polls.</summary>
    public KafkaGroupReader Build()
    {
        _options.Validate();
        return new KafkaGroupReader(_options, _group, _assigned, _revoked, _lost ?? _revoked);
    }
}
