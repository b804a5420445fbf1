namespace ShopStream.Core.Processing.Dedup;

/// <summary>
/// Drops events equal in every canonical field to one seen before (by 128-bit fingerprint, held in flat
/// <see cref="FlatSet{T}"/>s of fingerprints). Since equal events have equal event times, fingerprints are kept in
/// buckets of a minute of event time, and whole buckets are evicted once the watermark is a dedup horizon past them:
/// state is bounded by the horizon, not by the stream, and evicted buckets' sets are reused so steady-state dedup
/// does not allocate. Minutes rather than hours because events arrive nearly in time order: the set being filled
/// is a minute's few thousand fingerprints, which stay in cache, where an hour's set was a megabyte probed at random
/// (perf, 5M events: <c>FlatSet.Add</c> fell from 5.0% to 0.9% of the run's samples).
/// </summary>
internal sealed partial class Deduplicator(TimeSpan horizon)
{
    private const long BucketTicks = TimeSpan.TicksPerMinute;
    private readonly long _horizon = horizon.Ticks;
    private readonly Dictionary<long, FlatSet<UInt128>> _buckets = [];
    private readonly PriorityQueue<long, long> _bucketOrder = new();
    private readonly Stack<FlatSet<UInt128>> _spare = new();
    private long _lastBucket = long.MinValue;
    private FlatSet<UInt128>? _lastSet;

    /// <summary>Fingerprints currently held.</summary>
    public long Count => _buckets.Values.Sum(b => (long)b.Count);

    /// <summary>
    /// True when the event was seen before; otherwise remembers it. An event whose minute lies wholly more than the
    /// horizon behind <paramref name="watermark"/> (the stream's, once the event is seen) is beyond the horizon: never a
    /// duplicate, and not remembered. Such a minute was held again until the watermark next moved, so whether a copy
    /// of an old event counted depended on whether another user's event had moved the watermark in between.
    /// </summary>
    public bool IsDuplicate(UInt128 fingerprint, long eventTicks, long watermark)
    {
        long bucket = eventTicks / BucketTicks;
        if (Forgotten(bucket, Limit(watermark, _horizon)))
            return false;
        if (bucket != _lastBucket)
        {
            if (!_buckets.TryGetValue(bucket, out var set))
            {
                // Sized for as many as the minute before (usually the one just filled): a new set no longer
                // doubles six or seven times on its way to a minute's few thousand fingerprints, each time
                // allocating and rehashing, before the horizon's worth of sets exists to be reused. No headroom:
                // that would double the array whenever the count lies just under a size, and a busier minute
                // grows once.
                set = _spare.Count > 0 ? _spare.Pop() : new FlatSet<UInt128>(_lastSet?.Count ?? 0, pinned: true);
                _buckets.Add(bucket, set);
                _bucketOrder.Enqueue(bucket, bucket);
            }

            _lastSet = set;
            _lastBucket = bucket;
        }

        return !_lastSet!.Add(fingerprint);
    }

    /// <summary>
    /// Whether an event at <paramref name="eventTicks"/> is beyond the horizon at <paramref name="watermark"/> (its minute
    /// lies wholly more than the horizon behind it): never a duplicate (<see cref="IsDuplicate"/>). For the lake's
    /// silver table, which leaves out the run's duplicates with a set of its own.
    /// </summary>
    public static bool Forgets(long eventTicks, long watermark, TimeSpan horizon) => Forgotten(eventTicks / BucketTicks, Limit(watermark, horizon.Ticks));

    /// <summary>Forgets buckets that lie wholly more than the horizon behind <paramref name="watermark"/>.</summary>
    public void Advance(long watermark)
    {
        long limit = Limit(watermark, _horizon);
        while (_bucketOrder.TryPeek(out long bucket, out _) && Forgotten(bucket, limit))
        {
            _bucketOrder.Dequeue();
            if (_buckets.Remove(bucket, out var set))
            {
                set.Clear();
                _spare.Push(set);
            }

            if (bucket == _lastBucket)
            {
                _lastBucket = long.MinValue;
                _lastSet = null;
            }
        }
    }

    private static bool Forgotten(long bucket, long limit) => (bucket + 1) * BucketTicks <= limit;

    // The watermark less the horizon, not below the smallest tick (a watermark before any event is long.MinValue).
    private static long Limit(long watermark, long horizon) => watermark < long.MinValue + horizon ? long.MinValue : watermark - horizon;

    /// <summary>End of input: no event can come any more, so every fingerprint and spare set is let go (their memory is then free for merging the results).</summary>
    public void Release()
    {
        _buckets.Clear();
        _buckets.TrimExcess();
        _bucketOrder.Clear();
        _spare.Clear();
        _lastBucket = long.MinValue;
        _lastSet = null;
    }
}
