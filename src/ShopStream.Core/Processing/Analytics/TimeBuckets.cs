namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// Funnel counts by key, in buckets of event time (one dictionary per bucket). Buckets are taken out oldest first
/// once final and their dictionaries reused, so steady-state counting does not allocate and state is bounded by
/// the buckets still open, not by the stream.
/// </summary>
internal sealed partial class TimeBuckets<TKey>(long size)
    where TKey : notnull
{
    private readonly Dictionary<long, Dictionary<TKey, FunnelCounts>> _buckets = [];
    private readonly PriorityQueue<long, long> _order = new();
    private readonly Stack<Dictionary<TKey, FunnelCounts>> _spare = new();
    private long _lastStart = long.MinValue;
    private Dictionary<TKey, FunnelCounts>? _last;

    /// <summary>Buckets held now.</summary>
    public int Count => _buckets.Count;

    /// <summary>The bucket holding <paramref name="ticks"/> (created when new); events mostly hit the last one used.</summary>
    public Dictionary<TKey, FunnelCounts> At(long ticks)
    {
        long start = ticks - ticks % size;
        if (start != _lastStart)
        {
            if (!_buckets.TryGetValue(start, out var bucket))
            {
                // Sized like the last bucket used (the hour before, usually alike) rather than grown step by step.
                bucket = _spare.Count > 0 ? _spare.Pop() : new Dictionary<TKey, FunnelCounts>(_last?.Count ?? 0);
                _buckets.Add(start, bucket);
                _order.Enqueue(start, start);
            }

            _last = bucket;
            _lastStart = start;
        }

        return _last!;
    }

    /// <summary>Takes the oldest bucket if it ends before <paramref name="limit"/>; hand it back with <see cref="Recycle"/>.</summary>
    public bool TryTakeEndingBefore(long limit, out long start, out Dictionary<TKey, FunnelCounts> bucket)
    {
        if (_order.TryPeek(out start, out _) && start + size < limit)
        {
            _order.Dequeue();
            _buckets.Remove(start, out bucket!);
            if (start == _lastStart)
            {
                _lastStart = long.MinValue;
                _last = null;
            }

            return true;
        }

        bucket = null!;
        return false;
    }

    public void Recycle(Dictionary<TKey, FunnelCounts> bucket)
    {
        bucket.Clear();
        _spare.Push(bucket);
    }

    /// <summary>End of input: lets the recycled buckets go (each keeps the capacity of its busiest hour).</summary>
    public void ReleaseSpares() => _spare.Clear();
}
