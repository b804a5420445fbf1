using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Processing.Windows;
using ShopStream.Core.Serving;

namespace ShopStream.Api.Store;

/// <summary>
/// The analytics a running pipeline answers live: minute metrics emitted so far. Top products and alerts are
/// computed when the run ends (partitions' product counts are added up then, fraud signals read whole order
/// histories), so they are empty until the finished results are served.
/// </summary>
public sealed class LiveRunAnalytics(LiveServingStore store) : IRunAnalytics
{
    public ValueTask<IReadOnlyList<WindowResult>> MinuteMetricsAsync(DateTime? from, DateTime? to, CancellationToken cancellationToken = default) =>
        store.MinuteMetricsAsync(from, to, cancellationToken);

    public ValueTask<IReadOnlyList<ProductTotal>> TopProductsAsync(ProductRanking by, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<ProductTotal>>([]);

    public ValueTask<IReadOnlyList<Alert>> AlertsAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<Alert>>([]);

    /// <summary>Ready once the pipeline has started; the data is as of its last checkpoint, when it has written one.</summary>
    public StoreStatus Status
    {
        get
        {
            var pipeline = store.Pipeline;
            return new StoreStatus($"live: {pipeline.Mode}", pipeline.Started, pipeline.Checkpoints?.Last?.At, pipeline.StartedAt, 0, null);
        }
    }
}
