using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Windows;
using ShopStream.Core.Serving;

namespace ShopStream.Api.Store;

/// <summary>
/// Serves one store, then another from a moment on: <c>run --serve</c> answers from the live state while the run
/// goes, and from its finished results (the output folder) once they are written. The swap is one reference
/// write, so each request reads one store whole.
/// </summary>
public sealed class ServingHandover(IServingStore store, IRunAnalytics analytics) : IServingStore, IRunAnalytics
{
    private volatile Stores _current = new(store, analytics);

    public StoreStatus Status => _current.Analytics.Status;

    /// <summary>From now on, answers come from <paramref name="next"/> and <paramref name="nextAnalytics"/>.</summary>
    public void SwitchTo(IServingStore next, IRunAnalytics nextAnalytics) => _current = new Stores(next, nextAnalytics);

    public ValueTask<RunSummary?> SummaryAsync(CancellationToken cancellationToken = default) => _current.Store.SummaryAsync(cancellationToken);

    public ValueTask<bool> HoldsRunAsync(CancellationToken cancellationToken = default) => _current.Store.HoldsRunAsync(cancellationToken);

    public string? NoRunMessage => _current.Store.NoRunMessage;

    public ValueTask<CustomerProfile?> ProfileAsync(long userId, CancellationToken cancellationToken = default) => _current.Store.ProfileAsync(userId, cancellationToken);

    public ValueTask<ProfilePage> SearchProfilesAsync(ProfileQuery query, CancellationToken cancellationToken = default) => _current.Store.SearchProfilesAsync(query, cancellationToken);

    public ValueTask<IReadOnlyList<WindowResult>> HourlyMetricsAsync(DateTime? from, DateTime? to, CancellationToken cancellationToken = default) =>
        _current.Store.HourlyMetricsAsync(from, to, cancellationToken);

    public ValueTask<IReadOnlyList<WindowResult>> MinuteMetricsAsync(DateTime? from, DateTime? to, CancellationToken cancellationToken = default) =>
        _current.Analytics.MinuteMetricsAsync(from, to, cancellationToken);

    public ValueTask<IReadOnlyList<ProductTotal>> TopProductsAsync(ProductRanking by, CancellationToken cancellationToken = default) =>
        _current.Analytics.TopProductsAsync(by, cancellationToken);

    public ValueTask<IReadOnlyList<Alert>> AlertsAsync(CancellationToken cancellationToken = default) =>
        _current.Analytics.AlertsAsync(cancellationToken);

    private sealed record Stores(IServingStore Store, IRunAnalytics Analytics);
}
