using ShopStream.Analytics.Models;
using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;

namespace ShopStream.Analytics.Jobs;

/// <summary>Shows the latest version of every gold table the jobs write (models, <c>gold/dq_results</c>, <c>gold/job_runs</c>) as DuckDB views.</summary>
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

    /// <returns>The views created (tables without a commit yet have none).</returns>
    public static async Task<IReadOnlyList<string>> CreateAsync(DuckDbConnection connection, ILakeStorage storage, string cacheFolder, CancellationToken cancellationToken = default)
    {
        var created = new List<string>();
        foreach (var (path, view) in Tables)
        {
            var delta = new DeltaTable(storage, path);
            if (await delta.SnapshotAsync(null, cancellationToken).ConfigureAwait(false) is not { } snapshot)
                continue;
            await DeltaView.CreateAsync(connection, view, delta, snapshot, cacheFolder, cancellationToken).ConfigureAwait(false);
            created.Add(view);
        }

        return created;
    }
}
