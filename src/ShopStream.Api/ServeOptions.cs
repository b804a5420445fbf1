using ShopStream.Core.Log.Embedded;

namespace ShopStream.Api;

/// <summary>What <c>shopstream serve</c> serves and how: the run folder, addresses, keys and collector limits.</summary>
public sealed record ServeOptions
{
    /// <summary>The run's output folder: results are read from it, collected events appended to its <c>log/</c>.</summary>
    public required string OutDirectory { get; init; }

    /// <summary>Addresses to listen on (Kestrel URLs); port 0 picks a free port.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8080"];

    /// <summary>Keys that may write to the collector; none means the collector refuses every write.</summary>
    public IReadOnlyList<string> WriteKeys { get; init; } = [];

    /// <summary>When set, every read endpoint (<c>/api/*</c> GETs, <c>/metrics</c>, <c>/openapi</c>) requires it.</summary>
    public string? ReadKey { get; init; }

    /// <summary>The most events one batch may hold (more: 413).</summary>
    public int MaxBatchEvents { get; init; } = 1000;

    /// <summary>The largest request body of the batch endpoint, in bytes (larger: 413).</summary>
    public int MaxBatchBytes { get; init; } = 1 << 20;

    /// <summary>The largest body of the single-event endpoint: the readers' record size limit.</summary>
    public int MaxEventBytes { get; init; } = 64 * 1024;

    /// <summary>Collector requests per second each write key may make on average (a token bucket; 0: no limit).</summary>
    public int RateLimitPerSecond { get; init; } = 200;

    /// <summary>The most requests a key may make at once (the token bucket's size): after a pause, this many pass before 429s start.</summary>
    public int RateLimitBurst { get; init; } = 400;

    /// <summary>
    /// How often each bucket gets <see cref="RateLimitPerSecond"/> tokens back: every second. Tests set it long, since
    /// the limiter's own timer refills whenever its second comes round, between two requests now and then.
    /// </summary>
    internal TimeSpan RateLimitRefill { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the run folder is checked for a new run.</summary>
    public TimeSpan ReloadInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Partitions of a new event log (an existing one keeps its own); null: one per core.</summary>
    public int? LogPartitions { get; init; }

    /// <summary>Durability of collected events; <see cref="FsyncPolicy.Always"/> (the default) before every 202.</summary>
    public FsyncPolicy Fsync { get; init; } = FsyncPolicy.Always;

    /// <summary>
    /// How far ahead of the server's clock a collected event's time may be (default a day; zero: no bound): later is
    /// rejected as <c>event_time</c>. One event from a client whose clock was years ahead moved the stream's watermark
    /// there, and every real event after it came out late, dropped from the windows.
    /// </summary>
    public TimeSpan MaxFuture { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The consumer group whose committed offsets give the log's lag (<c>shopstream process --group</c>).</summary>
    public string ConsumerGroup { get; init; } = "shopstream";

    /// <summary>The longest <see cref="ReloadInterval"/>: a timer's due time is at most 2^32 - 2 ms (about 49 days).</summary>
    public static readonly TimeSpan MaxReloadInterval = TimeSpan.FromDays(30);

    public string LogDirectory => Path.Combine(OutDirectory, "log");

    /// <summary>Throws <see cref="ArgumentException"/> with a user-facing message for a value out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutDirectory))
            throw new ArgumentException("the output folder is required");
        if (Urls.Count == 0)
            throw new ArgumentException("at least one URL to listen on is required");
        if (MaxBatchEvents is < 1 or > 1_000_000)
            throw new ArgumentException($"max batch events must be 1..1000000, got {MaxBatchEvents}");
        if (MaxBatchBytes is < 1024 or > 256 << 20)
            throw new ArgumentException($"max batch bytes must be 1 KiB..256 MiB, got {MaxBatchBytes}");
        if (MaxEventBytes is < 256 or > 16 << 20)
            throw new ArgumentException($"max event bytes must be 256 B..16 MiB, got {MaxEventBytes}");
        if (RateLimitPerSecond < 0 || RateLimitBurst < 1)
            throw new ArgumentException("the rate limit must be 0 (off) or more, and its burst at least 1");
        ShopStream.Core.Log.ConsumerGroupName.Check(ConsumerGroup); // the embedded log's, whose lag is served
        if (ReloadInterval <= TimeSpan.Zero || ReloadInterval > MaxReloadInterval)
            throw new ArgumentException($"the reload interval must be positive and at most {MaxReloadInterval.TotalDays:0} days");
        if (MaxFuture < TimeSpan.Zero)
            throw new ArgumentException("the largest time ahead of the clock must be 0 (no bound) or more");
        if (WriteKeys.Any(k => k.Length < 8) || (ReadKey is not null && ReadKey.Length < 8))
            throw new ArgumentException("keys must be at least 8 characters long");
        if (Urls.Select(Hosting.LoopbackUrls.Unsupported).FirstOrDefault(reason => reason is not null) is { } unsupported)
            throw new ArgumentException(unsupported);
        if (Urls.FirstOrDefault(u => !Hosting.LoopbackUrls.IsValid(u)) is { } bad)
            throw new ArgumentException($"'{bad}' is not an address to listen on: http://, a host and a port 0..65535 (0: any free port), e.g. http://127.0.0.1:8080");
        if (ReadKey is null && Urls.Any(u => !Hosting.LoopbackUrls.IsLoopback(u)))
            throw new ArgumentException("a read key (--read-key-file or SHOPSTREAM_READ_KEY) is required to listen on a non-loopback address");
    }
}
