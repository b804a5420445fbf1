namespace ShopStream.Core.Serving;

/// <summary>
/// Events per second over the last few whole seconds, from counts added as they happen: one slot per second in a
/// ring, so reading and adding are O(1) and nothing grows. Thread-safe.
/// </summary>
public sealed class EventRate(TimeProvider time, int seconds = 10)
{
    private readonly long[] _counts = new long[seconds + 2];
    private readonly long[] _second = new long[seconds + 2];
    private readonly Lock _lock = new();

    public void Add(long count)
    {
        long now = time.GetUtcNow().ToUnixTimeSeconds();
        lock (_lock)
        {
            int slot = (int)(now % _counts.Length);
            if (_second[slot] != now)
            {
                _second[slot] = now;
                _counts[slot] = 0;
            }

            _counts[slot] += count;
        }
    }

    /// <summary>The mean rate over the last <c>seconds</c> whole seconds (the current, partial second left out).</summary>
    public double PerSecond
    {
        get
        {
            long now = time.GetUtcNow().ToUnixTimeSeconds();
            long sum = 0;
            lock (_lock)
            {
                for (int i = 0; i < _counts.Length; i++)
                {
                    if (_second[i] < now && _second[i] >= now - seconds)
                        sum += _counts[i];
                }
            }

            return (double)sum / seconds;
        }
    }
}
