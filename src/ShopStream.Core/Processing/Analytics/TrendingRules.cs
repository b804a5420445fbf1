namespace ShopStream.Core.Processing.Analytics;

/// <summary>Which products trend in an hour: the <see cref="Top"/> fastest-growing with at least <see cref="MinViews"/> views.</summary>
public sealed record TrendingRules
{
    public static TrendingRules Default { get; } = new();

    /// <summary>Products ranked per hour.</summary>
    public int Top { get; init; } = 10;

    /// <summary>Views a product needs in the hour to rank (growth from a handful of views means little).</summary>
    public long MinViews { get; init; } = 20;

    /// <summary>Ranks each hour's products; <paramref name="hours"/> sorted by hour, then product (see <see cref="TrendingRanker"/>).</summary>
    public IReadOnlyList<TrendingProduct> Rank(IEnumerable<ProductHourly> hours, TimeSpan hour)
    {
        var ranker = new TrendingRanker(this, hour);
        foreach (var p in hours)
            ranker.Add(p);
        return ranker.Finish();
    }
}
