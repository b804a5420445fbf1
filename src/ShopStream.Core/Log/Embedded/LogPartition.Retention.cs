namespace ShopStream.Core.Log.Embedded;

/// <summary>Retention: deleting the oldest whole segments past the size or age limit.</summary>
internal sealed partial class LogPartition
{
    public void EnforceRetention()
    {
        lock (_writeLock)
        {
            ThrowIfUnusable();
            ApplyRetention();
        }
    }

    private void ApplyRetention()
    {
        var retention = _options.Retention;
        if (retention.MaxBytes is null && retention.MaxAge is null)
            return;
        var segments = _segments;
        long total = 0;
        foreach (var s in segments)
            total += s.Length;
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        int drop = 0;

        // Only a prefix goes, and never the active segment, so offsets stay contiguous from the new start.
        while (drop < segments.Length - 1)
        {
            var s = segments[drop];
            bool tooBig = total > retention.MaxBytes;
            bool tooOld = retention.MaxAge is { } age && now - s.LastAppendMs > (long)age.TotalMilliseconds;
            if (!tooBig && !tooOld)
                break;
            total -= s.Length;
            drop++;
        }

        if (drop == 0)
            return;
        Volatile.Write(ref _segments, segments[drop..]);
        for (int i = 0; i < drop; i++)
        {
            try
            {
                segments[i].Delete();
            }
            catch (IOException)
            {
                // Left on disk, it is still a consistent prefix: the next open lists it again and retention retries.
            }
        }
    }
}
