using System.Diagnostics;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Windows;
using ShopStream.Core.Serving;
using ShopStream.Core.Text;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;
using ShopStream.Lake.Tables;

namespace ShopStream.Lake.Serving;

/// <summary>
/// <see cref="IServingStore"/> on the lake's gold tables (<c>gold/profiles</c>, <c>gold/hourly_metrics</c>,
/// <c>gold/run_summary</c>) with DuckDB: one in-memory database and one connection, used by one request at a time
/// (a DuckDB connection is not for concurrent use). The views follow each table's latest Delta version, checked at
/// most once per refresh interval, so a later run shows without a restart. Values are bound parameters only.
/// A lake without a run answers as a store without one: no summary, no profiles.
/// </summary>
public sealed partial class LakeServingStore : IServingStore, IDisposable
{
    private static readonly LakeTable[] s_served = [LakeTables.GoldProfiles, LakeTables.GoldHourlyMetrics, LakeTables.GoldRunSummary];

    private readonly ILakeStorage _storage;
    private readonly TimeSpan _refreshInterval;
    private readonly DuckDbDatabase _db;
    private readonly DuckDbConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _cacheFolder = ProcessTempFolder.Create("lake-serve");
    private readonly Dictionary<LakeTable, long> _shownVersions = [];
    private long? _checkedAt;

    /// <param name="refreshInterval">How long an answer may lag a newer commit of a table (zero: check on every request).</param>
    public LakeServingStore(ILakeStorage storage, TimeSpan refreshInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(refreshInterval, TimeSpan.Zero);
        _storage = storage;
        _refreshInterval = refreshInterval;
        _db = DuckDbDatabase.Open();
        _connection = _db.Connect();
        _connection.Execute("SET TimeZone = 'UTC'");
    }

    /// <summary>The default refresh interval: a later run shows within this long.</summary>
    public static TimeSpan DefaultRefreshInterval { get; } = TimeSpan.FromSeconds(2);

    public ValueTask<RunSummary?> SummaryAsync(CancellationToken cancellationToken = default) => ReadAsync(() =>
    {
        using var statement = _connection.Prepare(RunSummaryRow.SelectSql);
        using var result = statement.Query();
        using var chunk = result.NextChunk();
        return chunk is null || chunk.RowCount == 0 ? null : RunSummaryRow.Read(chunk, 0);
    }, cancellationToken);

    /// <summary>Whether gold/run_summary shows a run: a lake whose first run stopped before its last commit shows none.</summary>
    public async ValueTask<bool> HoldsRunAsync(CancellationToken cancellationToken = default) =>
        await SummaryAsync(cancellationToken).ConfigureAwait(false) is not null;

    // It said "the folder has no summary.json" (the served folder's), when what it lacked was a finished run in the lake.
    public string? NoRunMessage => $"the lake {_storage.Root} holds no finished run yet: land one with `shopstream run ... --lake {_storage.Root}`";

    public ValueTask<CustomerProfile?> ProfileAsync(long userId, CancellationToken cancellationToken = default) => ReadAsync<CustomerProfile?>(() =>
    {
        using var statement = _connection.Prepare($"{ProfileSelect} WHERE user_id = ?");
        var rows = ReadProfiles(statement.Bind(1, userId));
        return rows.Count == 0 ? null : rows[0];
    }, cancellationToken);

    public ValueTask<IReadOnlyList<WindowResult>> HourlyMetricsAsync(DateTime? from, DateTime? to, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<WindowResult>>(() => HourlyMetrics(from, to), cancellationToken);

    private List<WindowResult> HourlyMetrics(DateTime? from, DateTime? to)
    {
        // The bounds are fixed SQL; open ones are NULL, which the OR lets through. Times without a kind are UTC (SPEC).
        using var statement = _connection.Prepare("""
            SELECT window_start, events, views, carts, removes, purchases, revenue, users
            FROM gold_hourly_metrics
            WHERE (CAST(? AS TIMESTAMPTZ) IS NULL OR window_start >= ?) AND (CAST(? AS TIMESTAMPTZ) IS NULL OR window_start < ?)
            ORDER BY window_start
            """);
        BindTime(statement, 1, from);
        BindTime(statement, 3, to);
        var windows = new List<WindowResult>();
        using var result = statement.Query();
        foreach (var chunk in result.Chunks())
        {
            for (int r = 0; r < chunk.RowCount; r++)
            {
                // The lake keeps closed windows only, as the run folder's CSV does.
                var start = chunk.Column(0).DateTime(r);
                windows.Add(new WindowResult(
                    start, start + TimeSpan.FromHours(1), chunk.Column(1).Int64(r), chunk.Column(2).Int64(r), chunk.Column(3).Int64(r),
                    chunk.Column(4).Int64(r), chunk.Column(5).Int64(r), chunk.Column(6).Decimal(r), chunk.Column(7).Int64(r), WindowResultKind.Final));
            }
        }

        return windows;
    }

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
        _gate.Dispose();
        ProcessTempFolder.Delete(_cacheFolder);
    }

    private static void BindTime(DuckDbPreparedStatement statement, int parameter, DateTime? time)
    {
        if (time is { } t)
        {
            var utc = t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime();
            statement.Bind(parameter, utc).Bind(parameter + 1, utc);
        }
        else
        {
            statement.BindNull(parameter).BindNull(parameter + 1);
        }
    }

    // One request's read under the connection. A table the lake cannot read (a data file damaged or gone, a damaged
    // log) answers as a store that cannot be reached (503, Retry-After, /readyz unavailable), with the reason: it
    // was a 500 "internal error", as if a bug, while /readyz said ready.
    private async ValueTask<T> ReadAsync<T>(Func<T> read, CancellationToken cancellationToken)
    {
        try
        {
            using var access = await EnterAsync(cancellationToken).ConfigureAwait(false);
            return read();
        }
        catch (Exception ex) when (ex is DuckDbException or InvalidDataException or FormatException or IOException)
        {
            throw new StoreUnavailableException($"the lake cannot be read: {ErrorText.FirstParagraph(ex.Message)}", ex);
        }
    }

    // Holds the connection for one request, after bringing the views up to the tables' latest versions when due.
    private async Task<Access> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RefreshIfDueAsync(cancellationToken).ConfigureAwait(false);
            return new Access(_gate);
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    // The tables of the last run that finished (LakeCut): while a run commits its tables one by one, or after one
    // was killed doing so, answers never mix two runs. A lake from before runs recorded their tables shows each
    // table's latest version.
    private async Task RefreshIfDueAsync(CancellationToken cancellationToken)
    {
        long now = Stopwatch.GetTimestamp();
        if (_checkedAt is { } at && Stopwatch.GetElapsedTime(at, now) < _refreshInterval)
            return;
        var cut = await LakeCut.ResolveAsync(_storage, null, s_served, cancellationToken).ConfigureAwait(false);
        foreach (var table in s_served)
        {
            var delta = table.Open(_storage);
            long latest;
            if (cut is not null && cut.TryGetValue(table, out long finished))
            {
                latest = finished;
            }
            else
            {
                var versions = await delta.VersionsAsync(cancellationToken).ConfigureAwait(false);
                latest = versions.Count == 0 ? -1 : versions[^1];
            }

            if (_shownVersions.TryGetValue(table, out long shown) && shown == latest)
                continue;
            // -1: no version, or none of a finished run (a first run killed before its last commit): empty.
            var snapshot = (latest < 0 ? null : await delta.SnapshotAsync(latest, cancellationToken).ConfigureAwait(false))
                ?? new Delta.DeltaSnapshot(-1, 0, new Delta.DeltaMetadata("", table.Schema, table.PartitionColumns, 0), []);
            await Delta.DeltaView.CreateAsync(_connection, table.ViewName, delta, snapshot, _cacheFolder, cancellationToken).ConfigureAwait(false);
            _shownVersions[table] = latest;
        }

        _checkedAt = now;
    }

    /// <summary>Releases the connection to the next request.</summary>
    private sealed class Access(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
