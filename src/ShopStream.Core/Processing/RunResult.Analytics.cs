using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Text;

namespace ShopStream.Core.Processing;

/// <summary>The analytics outputs: product and category funnels per hour, trending products, cart abandonment, orders, alerts.</summary>
public sealed partial class RunResult
{
    private IReadOnlyList<Alert>? _alerts;
    private IReadOnlyList<TrendingProduct>? _trending;

    /// <summary>
    /// <c>product_hourly</c>: per hour and product (sorted so), partitions' partial counts added up. The first
    /// complete pass also ranks <see cref="TrendingProducts"/>, so writing both costs one merge.
    /// </summary>
    public IEnumerable<ProductHourly> ProductHourly => _trending is null ? MergeAndRankProducts() : MergeProducts();

    /// <summary><c>category_hourly</c>: per hour and top-level category (ordinal), partitions' partial counts added up.</summary>
    public IEnumerable<CategoryHourly> CategoryHourly =>
        SortedRuns.MergeCombining(
            _partitions.Select(p => (IReadOnlyList<CategoryHourly>)p.Products.Categories).ToArray(),
            static (a, b) => a.WindowStart != b.WindowStart ? a.WindowStart.CompareTo(b.WindowStart) : CodePointOrder.Compare(a.Category, b.Category),
            static (a, b) => a.Plus(b));

    /// <summary><c>trending_products</c>: per hour, by rank (computed once).</summary>
    public IReadOnlyList<TrendingProduct> TrendingProducts => _trending ??= _options.Trending.Rank(MergeProducts(), _options.HourWindow.Size);

    /// <summary><c>cart_abandonment_hourly</c>: sessions by the hour they started in.</summary>
    public IEnumerable<CartAbandonment> CartAbandonment =>
        SortedRuns.MergeCombining(
            _partitions.Select(p => (IReadOnlyList<CartAbandonment>)p.Abandonment).ToArray(),
            static (a, b) => a.WindowStart.CompareTo(b.WindowStart),
            static (a, b) => a.Plus(b));

    /// <summary><c>orders</c>: orders with an order id, sorted by user, order time, order id.</summary>
    public IEnumerable<OrderFact> Orders =>
        SortedRuns.Merge(
            _partitions.Select(p => (IReadOnlyList<OrderFact>)p.Orders.Orders).ToArray(),
            static (a, b) => OrderFact.Compare(a, b));

    /// <summary>
    /// <c>alerts</c>: traffic and revenue anomalies (from the final minute metrics), price changes and fraud
    /// signals, sorted by window start, type, key, window end, observed and expected (computed once, on first use).
    /// </summary>
    public IReadOnlyList<Alert> Alerts => _alerts ??= CollectAlerts();

    private IEnumerable<ProductHourly> MergeProducts() => ProductHour.Merge(_partitions.Select(p => p.Products.FinalHours).ToArray());

    private IEnumerable<ProductHourly> MergeAndRankProducts()
    {
        var ranker = new TrendingRanker(_options.Trending, _options.HourWindow.Size);
        foreach (var row in MergeProducts())
        {
            ranker.Add(row);
            yield return row;
        }

        _trending ??= ranker.Finish(); // only a complete pass ranks every hour
    }

    private List<Alert> CollectAlerts()
    {
        var alerts = MinuteAnomalies.Detect([.. MinuteMetrics], _options.Alerts);
        alerts.AddRange(_priceAlerts);
        foreach (var p in _partitions)
            alerts.AddRange(p.Orders.Alerts);
        alerts.Sort(Alert.Compare);
        return alerts;
    }
}
