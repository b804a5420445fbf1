using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Processing.Windows;

namespace ShopStream.Api.Store;

/// <summary>
/// The read models the dashboard and the analytics endpoints need beyond <see cref="Core.Serving.IServingStore"/>:
/// minute metrics, product totals and alerts. A run folder, the live processor or PostgreSQL may implement it.
/// </summary>
public interface IRunAnalytics
{
    /// <summary>Minute window metrics with <c>from &lt;= window_start &lt; to</c>, by window start.</summary>
    ValueTask<IReadOnlyList<WindowResult>> MinuteMetricsAsync(DateTime? from, DateTime? to, CancellationToken cancellationToken = default);

    /// <summary>Every product ranked by <paramref name="by"/>, best first (the endpoint takes the top and counts them all).</summary>
    ValueTask<IReadOnlyList<ProductTotal>> TopProductsAsync(ProductRanking by, CancellationToken cancellationToken = default);

    /// <summary>Every alert, newest first.</summary>
    ValueTask<IReadOnlyList<Alert>> AlertsAsync(CancellationToken cancellationToken = default);

    /// <summary>Where the data comes from and when it was last loaded, for <c>/api/pipeline</c>.</summary>
    StoreStatus Status { get; }
}
