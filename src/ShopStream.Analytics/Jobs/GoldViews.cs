using ShopStream.Analytics.Models;
using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;
using ShopStream.Lake.Tables;

namespace ShopStream.Analytics.Jobs;

/// <summary>
/// Shows every gold table the jobs write (models, <c>gold/dq_results</c>, <c>gold/job_runs</c>) as DuckDB views: the
/// latest version, or the one <see cref="LakeReadOptions"/> asks for (a version by view name or path, or as of a time).
/// </summary>
public static class GoldViews
{
    /// <summary>Every table the jobs write: its path in the lake and its view name.</summary>
    public static IReadOnlyList<(string Path, string ViewName)> Tables { get; } =
    [
        .. GoldModels.Names.Select(n => ("gold/" + n, "gold_" + n)),
        (GoldTables.DqResults.Path, GoldTables.DqResults.ViewName),
        (GoldTables.JobRuns.Path, GoldTables.JobRuns.ViewName),
    ];

    /// <summary>The view names, for help texts.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Tables.Select(t => t.ViewName)];

    /// <param name="options">Versions of these tables (others' are ignored) or a time; null: the latest.</param>
    /// <param name="fetch">Which views to make, by view name (null: all); the others get none, and their logs are not read.</param>
    /// <returns>The views created (tables without a commit yet, or none at <see cref="LakeReadOptions.AsOf"/>, have none).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A table has no such version.</exception>
    public static async Task<IReadOnlyList<string>> CreateAsync(
        DuckDbConnection connection, ILakeStorage storage, string cacheFolder, CancellationToken cancellationToken = default, LakeReadOptions? options = null,
        Func<string, bool>? fetch = null)
    {
        var created = new List<string>();
        foreach (var (path, view) in Tables)
        {
            var delta = new DeltaTable(storage, path);
            long? version = options?.Versions.FirstOrDefault(v => v.Key == view || v.Key == path) is { Key: not null } v ? v.Value : null;
            if (fetch is not null && !fetch(view) && version is null)
                continue; // not named: no view, and no log read (its columns come from the models' SQL, known from its log alone)
            var snapshot = version is not null || options?.AsOf is null
                ? await delta.SnapshotAsync(version, cancellationToken).ConfigureAwait(false)
                : await delta.SnapshotAsOfAsync(options.AsOf.Value, cancellationToken).ConfigureAwait(false);
            if (snapshot is null)
                continue;
            await LakeViews.ShowAsync(connection, view, delta, snapshot, cacheFolder, fetch, cancellationToken).ConfigureAwait(false);
            created.Add(view);
        }

        return created;
    }
}
