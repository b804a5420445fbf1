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

    private static readonly DeltaSchema s_notRead = new([new DeltaField("not_read", "string")]);

    /// <summary>The view names, for help texts.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Tables.Select(t => t.ViewName)];

    /// <param name="options">Versions of these tables (others' are ignored) or a time; null: the latest.</param>
    /// <param name="fetch">Which views to read, by view name (null: all); the others' logs are not read, and their views say so when read.</param>
    /// <returns>
    /// The views created: tables without a commit yet, or none at <see cref="LakeReadOptions.AsOf"/>, have none, unless
    /// not named by <paramref name="fetch"/>, whose logs are not read to know (they get the view that says so when read).
    /// </returns>
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
            {
                // Not named: its log is not read. Its columns come from the models' SQL, known from the log alone, so the
                // view that says so when read (a name built from parts) has one column of its own.
                DeltaView.CreateFailing(connection, view, s_notRead, LakeViews.NotFetched(view));
                created.Add(view);
                continue;
            }
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
