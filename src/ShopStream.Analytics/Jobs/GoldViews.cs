using ShopStream.Analytics.Models;
using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;

namespace ShopStream.Analytics.Jobs;

/// <summary>Shows the latest version of every gold table the jobs write (models, <c>gold/dq_results</c>, <c>gold/job_runs</c>) as DuckDB views.</summary>
public static class GoldViews
{
    /// <summary>The view names, for help texts.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. GoldModels.Names.Select(n => "gold_" + n), GoldTables.DqResults.ViewName, GoldTables.JobRuns.ViewName];

    /// <returns>The views created (tables without a commit yet have none).</returns>
    public static async Task<IReadOnlyList<string>> CreateAsync(DuckDbConnection connection, ILakeStorage storage, string cacheFolder, CancellationToken cancellationToken = default)
    {
        var created = new List<string>();
        var tables = GoldModels.Names.Select(n => ("gold/" + n, "gold_" + n))
            .Concat([(GoldTables.DqResults.Path, GoldTables.DqResults.ViewName), (GoldTables.JobRuns.Path, GoldTables.JobRuns.ViewName)]);
        foreach (var (path, view) in tables)
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
