namespace ShopStream.Api.Collector;

/// <summary>
/// One token bucket for every request that presents a wrong read key, whoever sends it: a burst of mistakes passes
/// (a mistyped key in the dashboard, a client with an old key), a stream of guesses is held to a rate at which a key
/// of any real length cannot be found. Requests with the right key never wait on it.
/// </summary>
internal sealed class WrongKeyThrottle(TimeProvider time)
{
    /// <summary>Wrong keys that may come at once, after a quiet spell.</summary>
    public const int Burst = 100;

    /// <summary>Wrong keys a second, kept up.</summary>
    public const int PerSecond = 10;

    private readonly Lock _lock = new();
    private double _tokens = Burst;
    private long _refilledAt = time.GetTimestamp();

    /// <summary>Takes one token; false when there is none (the request is answered 429 instead of 403).</summary>
    public bool TryTake()
    {
        lock (_lock)
        {
            // The monotonic clock: the wall clock set forward would refill the bucket.
            long now = time.GetTimestamp();
            _tokens = Math.Min(Burst, _tokens + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * PerSecond));
            _refilledAt = now;
            if (_tokens < 1)
                return false;
            _tokens--;
            return true;
        }
    }
}
