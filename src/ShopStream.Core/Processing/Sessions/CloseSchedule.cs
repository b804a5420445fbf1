namespace ShopStream.Core.Processing.Sessions;

/// <summary>
/// Users (slots of the partition's <see cref="Profiles.UserTable"/>) with open sessions, bucketed by the minute at which their earliest session could close. Adding is a
/// dictionary hit on the current bucket rather than a heap insert per user; a bucket is due once the watermark
/// passes its end. Closing may so run up to a minute late, which only delays freeing memory: whether a session
/// is closed is always decided exactly (see <see cref="SessionWindows"/>). The same queue, with hour buckets, holds
/// the users that may be spilled once idle long enough.
/// </summary>
internal sealed partial class CloseSchedule(long bucketTicks = TimeSpan.TicksPerMinute)
{
    private readonly long _bucketTicks = bucketTicks;
    private readonly Dictionary<long, List<int>> _buckets = [];
    private readonly PriorityQueue<long, long> _bucketOrder = new();
    private readonly Stack<List<int>> _spare = new();
    private long _lastBucket = long.MinValue;
    private List<int>? _last;

    public void Add(int slot, long closeAt)
    {
        long bucket = closeAt / _bucketTicks;
        if (bucket != _lastBucket)
        {
            if (!_buckets.TryGetValue(bucket, out _last))
            {
                _last = _spare.Count > 0 ? _spare.Pop() : [];
                _buckets.Add(bucket, _last);
                _bucketOrder.Enqueue(bucket, bucket);
            }

            _lastBucket = bucket;
        }

        _last!.Add(slot);
    }

    /// <summary>Takes the earliest bucket that ends at or before <paramref name="watermark"/>; hand it back with <see cref="Recycle"/>.</summary>
    public bool TryTakeDue(long watermark, out List<int> due)
    {
        if (_bucketOrder.TryPeek(out long bucket, out _) && (bucket + 1) * _bucketTicks <= watermark)
        {
            _bucketOrder.Dequeue();
            _buckets.Remove(bucket, out due!);
            if (bucket == _lastBucket)
            {
                _lastBucket = long.MinValue;
                _last = null;
            }

            return true;
        }

        due = null!;
        return false;
    }

    public void Recycle(List<int> bucket)
    {
        bucket.Clear();
        _spare.Push(bucket);
    }
}
