using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Windows;
using ShopStream.Core.Serving;

namespace ShopStream.Api.Store;

/// <summary>
/// Serves a finished run's output folder. The folder is loaded when the store opens and again whenever its
/// <c>summary.json</c> changes (a run writes it last, by rename, so a changed summary means a whole new run is in
/// place); a timer checks every <see cref="RunFolderStoreBuilder.WithReloadInterval"/>. A load that fails keeps
/// the previous run and reports the error in <see cref="Status"/>. Built with <see cref="RunFolderStoreBuilder"/>.
/// </summary>
public sealed class RunFolderStore : IServingStore, IRunAnalytics, IDisposable
{
    private readonly RunDirectory _run;
    private readonly ITimer _timer;
    private readonly TimeProvider _time;
    private readonly Lock _reloadLock = new();
    // Swapped whole by a reload while requests read it: volatile so a reader sees the new run at once.
    private volatile RunSnapshot? _snapshot;
    private (DateTime Written, long Length) _loadedVersion;
    private (DateTime Written, long Length) _failedVersion;
    private DateTime? _loadedAt;
    private long _loads;
    private string? _lastError;

    internal RunFolderStore(string directory, TimeSpan reloadInterval, TimeProvider time)
    {
        _run = new RunDirectory(directory);
        _time = time;
        Reload();
        _timer = time.CreateTimer(_ => Reload(), null, reloadInterval, reloadInterval);
    }

    public string Directory => _run.Path;

    public StoreStatus Status
    {
        get
        {
            var s = _snapshot;
            return new StoreStatus(_run.Path, s is not null, s?.WrittenAt, _loadedAt, Interlocked.Read(ref _loads), _lastError);
        }
    }

    /// <summary>Loads the folder again if its summary changed since the last load; true when a new run was loaded.</summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            try
            {
                var info = new FileInfo(_run.SummaryFile);
                var version = info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
                if (version == _loadedVersion && (_snapshot is not null || !info.Exists))
                    return false;
                if (version == _failedVersion)
                    return false; // the same damaged run: wait for a new one rather than parse it again every tick
                var snapshot = RunFolderLoader.Load(_run);
                if (snapshot is null)
                    return false;
                _snapshot = snapshot;
                _loadedVersion = version;
                _loadedAt = _time.GetUtcNow().UtcDateTime;
                _lastError = null;
                Interlocked.Increment(ref _loads);
                return true;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or OverflowException
                or UnauthorizedAccessException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // A run being written by a tool that does not rename, or a damaged file: keep serving the last run.
                _lastError = $"{ex.GetType().Name}: {ex.Message}";
                var info = new FileInfo(_run.SummaryFile);
                _failedVersion = info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
                return false;
            }
        }
    }

    public ValueTask<RunSummary?> SummaryAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_snapshot?.Summary);

    public ValueTask<bool> HoldsRunAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_snapshot is not null);

    /// <exception cref="RunNotLoadedException">No run is loaded (so too for every read but the summary, which is null then).</exception>
    public ValueTask<CustomerProfile?> ProfileAsync(long userId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Loaded().Profile(userId));

    public ValueTask<ProfilePage> SearchProfilesAsync(ProfileQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return ValueTask.FromResult(Loaded().Search(query));
    }

    public ValueTask<IReadOnlyList<WindowResult>> HourlyMetricsAsync(DateTime? from, DateTime? to, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(RunSnapshot.Range(Loaded().Hourly, from, to));

    public ValueTask<IReadOnlyList<WindowResult>> MinuteMetricsAsync(DateTime? from, DateTime? to, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(RunSnapshot.Range(Loaded().Minutes, from, to));

    public ValueTask<IReadOnlyList<ProductTotal>> TopProductsAsync(ProductRanking by, CancellationToken cancellationToken = default)
    {
        var s = Loaded();
        return ValueTask.FromResult<IReadOnlyList<ProductTotal>>(by == ProductRanking.Views ? s.ByViews : s.ByRevenue);
    }

    public ValueTask<IReadOnlyList<Alert>> AlertsAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<Alert>>(Loaded().NewestAlerts);

    public void Dispose() => _timer.Dispose();

    private RunSnapshot Loaded() => _snapshot ?? throw new RunNotLoadedException(_lastError);
}
