namespace ShopStream.Core.Processing.Analytics;

internal sealed partial class TimeBuckets<TKey>
{
    /// <summary>The open buckets by start, for a checkpoint (restore them through <see cref="At"/>).</summary>
    public IEnumerable<KeyValuePair<long, Dictionary<TKey, FunnelCounts>>> Open => _buckets;
}
