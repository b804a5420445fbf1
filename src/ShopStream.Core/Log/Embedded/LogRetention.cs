namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// How much of each partition the embedded log keeps. Retention deletes whole segments, oldest first, and never
/// the active (last) one, so a partition always keeps at least its last segment and its offsets never restart.
/// Combine limits with <c>with</c>: <c>LogRetention.BySize(1L &lt;&lt; 30) with { MaxAge = TimeSpan.FromDays(7) }</c>.
/// </summary>
public sealed record LogRetention
{
    public static LogRetention Forever { get; } = new();

    /// <summary>Delete the oldest segments while a partition's segments total more than <see cref="MaxBytes"/>.</summary>
    public static LogRetention BySize(long maxBytes) => new() { MaxBytes = maxBytes };

    /// <summary>Delete segments last appended to more than <see cref="MaxAge"/> ago (by the log's clock, not event time).</summary>
    public static LogRetention ByAge(TimeSpan maxAge) => new() { MaxAge = maxAge };

    /// <summary>Bytes per partition; null for no limit.</summary>
    public long? MaxBytes { get; init; }

    /// <summary>Age since a segment's last append; null for no limit.</summary>
    public TimeSpan? MaxAge { get; init; }
}
