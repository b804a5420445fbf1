using ShopStream.Core.Events;
using ShopStream.Core.Log;
using ShopStream.Core.Validation;

namespace ShopStream.Kafka.Consumer;

/// <summary>
/// One poll's events, in the order Kafka gave them (per partition, offset order), with the partition, offset and
/// stream watermark input of each; and, per partition, the offset to commit once the batch is safely processed
/// (past dead-lettered records too). Reusable: a poll clears it. Not thread-safe.
/// </summary>
public sealed class ConsumedEvents
{
    private readonly ShopEvent[] _events;
    private readonly int[] _partitions;
    private readonly long[] _offsets;
    private readonly long[] _streamMax;
    private readonly Dictionary<int, long> _next = [];
    private readonly List<(int Partition, RejectReason Reason)> _refused = [];

    public ConsumedEvents(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _events = new ShopEvent[capacity];
        _partitions = new int[capacity];
        _offsets = new long[capacity];
        _streamMax = new long[capacity];
    }

    public int Capacity => _events.Length;

    public int Count { get; private set; }

    /// <summary>Records of this poll that went to the dead-letter topic instead.</summary>
    public int DeadLettered { get; private set; }

    public ref readonly ShopEvent this[int index] => ref _events[Check(index)];

    public int PartitionAt(int index) => _partitions[Check(index)];

    public long OffsetAt(int index) => _offsets[Check(index)];

    /// <summary>The largest event time of the stream when this event was ingested (<see cref="LoggedEvent"/>).</summary>
    public long StreamMaxTicksAt(int index) => _streamMax[Check(index)];

    /// <summary>Per partition this poll read from, the next offset to read: what to commit once it is processed.</summary>
    public IReadOnlyList<PartitionOffset> NextOffsets => [.. _next.OrderBy(p => p.Key).Select(p => new PartitionOffset(p.Key, p.Value))];

    internal bool IsFull => Count == _events.Length;

    internal void Clear()
    {
        Count = 0;
        DeadLettered = 0;
        _refused.Clear();
        _next.Clear();
    }

    internal ref ShopEvent Add(int partition, long offset, long streamMax)
    {
        _partitions[Count] = partition;
        _offsets[Count] = offset;
        _streamMax[Count] = streamMax;
        _next[partition] = offset + 1;
        return ref _events[Count++];
    }

    internal void SetStreamMax(long streamMax) => _streamMax[Count - 1] = streamMax;

    /// <summary>Takes back the last <see cref="Add"/> (its record turned out not to be an event).</summary>
    internal void RemoveLast()
    {
        Count--;
        _events[Count] = default;
    }

    /// <summary>The records this poll refused (dead-lettered), each with its partition and reason.</summary>
    public IReadOnlyList<(int Partition, RejectReason Reason)> Refused => _refused;

    internal void Skip(int partition, long offset, RejectReason reason)
    {
        DeadLettered++;
        _refused.Add((partition, reason));
        _next[partition] = offset + 1;
    }

    /// <summary>Forgets the events of partitions taken away by a rebalance in the middle of a poll.</summary>
    internal void Drop(IReadOnlyCollection<int> partitions)
    {
        int kept = 0;
        for (int i = 0; i < Count; i++)
        {
            if (partitions.Contains(_partitions[i]))
                continue;
            _events[kept] = _events[i];
            _partitions[kept] = _partitions[i];
            _offsets[kept] = _offsets[i];
            _streamMax[kept++] = _streamMax[i];
        }

        Count = kept;
        _refused.RemoveAll(r => partitions.Contains(r.Partition));
        foreach (int p in partitions)
            _next.Remove(p);
    }

    private int Check(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return index;
    }
}
