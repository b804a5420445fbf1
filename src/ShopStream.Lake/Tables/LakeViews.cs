using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;

namespace ShopStream.Lake.Tables;

/// <summary>
/// Creates one DuckDB view per lake table (<c>silver_events</c>, <c>gold_profiles</c>, ...) over the files of the
/// version asked for; unasked, of the last run that finished (<see cref="LakeCut"/>), so that the views agree.
/// </summary>
public static class LakeViews
{
    /// <param name="unavailable">
    /// When given, a table that cannot be read (a damaged log or data file) gets no view and is handed here, so the
    /// other tables still serve; without it, that is an error.
    /// </param>
    /// <param name="fetch">
    /// Which views' files to fetch, by view name (null: all). Any other gets a view of its columns that says so when
    /// read (<see cref="NotFetched"/>): <c>query</c> fetches from S3 only the tables its SQL names.
    /// </param>
    /// <returns>The snapshot each view shows (null for a table that has no commit at that point: an empty view of its schema).</returns>
    /// <exception cref="ArgumentException">A version names an unknown table.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A table has no such version.</exception>
    public static async Task<IReadOnlyList<(LakeTable Table, DeltaSnapshot? Snapshot)>> CreateAsync(
        DuckDbConnection connection, ILakeStorage storage, LakeReadOptions options, string cacheFolder, CancellationToken cancellationToken = default,
        Action<LakeTable, Exception>? unavailable = null, Func<string, bool>? fetch = null)
    {
        foreach (var name in options.Versions.Keys)
        {
            if (LakeTables.Find(name) is null)
                throw new ArgumentException($"no lake table '{name}' to read at a version (tables: {string.Join(", ", LakeTables.All.Select(t => t.ViewName))})");
        }

        // The tables read: named by the SQL, or given a version. The cut looks into their logs alone (each a listing on
        // S3, which could fail the query).
        var read = LakeTables.All.Where(t => fetch is null || fetch(t.ViewName) || options.Versions.Keys.Any(k => LakeTables.Find(k) == t)).ToHashSet();
        var (cut, summaryDamage) = await CutAsync(storage, options.AsOf, read, cancellationToken).ConfigureAwait(false);
        var shown = new List<(LakeTable, DeltaSnapshot?)>();
        foreach (var table in LakeTables.All)
        {
            var delta = table.Open(storage);
            long? asked = options.Versions.FirstOrDefault(v => LakeTables.Find(v.Key) == table) is { Key: not null } v ? v.Value : null;
            if (!read.Contains(table))
            {
                // Not named: its log is not read either (on S3 a request per commit: a count over one table read every
                // table's log, and one it never named could fail it). Its view has the table's own columns.
                DeltaView.CreateFailing(connection, table.ViewName, table.Schema, NotFetched(table.ViewName));
                continue;
            }

            long? version = asked ?? (cut is not null && cut.TryGetValue(table, out long last) ? last : null);
            try
            {
                // Each table's latest could be a run that did not finish beside another table's finished one.
                if (summaryDamage is not null && asked is null && table != LakeTables.GoldRunSummary)
                    throw new InvalidDataException($"{table.Path}: which of its versions belongs to a finished run cannot be told, as {LakeTables.GoldRunSummary.Path}'s log cannot be read ({summaryDamage.Message})");
                DeltaSnapshot? snapshot = version is -1
                    ? null // no run had finished: the table shows none of a killed run's rows
                    : version is not null
                    ? await Snapshot(delta, version.Value, fromCut: asked is null, cancellationToken).ConfigureAwait(false)
                    : options.AsOf is { } asOf
                        ? await delta.SnapshotAsOfAsync(asOf, cancellationToken).ConfigureAwait(false)
                        : await delta.SnapshotAsync(null, cancellationToken).ConfigureAwait(false);
                var showing = snapshot ?? new DeltaSnapshot(-1, 0, new DeltaMetadata("", table.Schema, table.PartitionColumns, 0), []);
                await ShowAsync(connection, table.ViewName, delta, showing, cacheFolder, fetch, cancellationToken).ConfigureAwait(false);
                shown.Add((table, snapshot));
            }
            catch (Exception ex) when (unavailable is not null && ex is InvalidDataException or FormatException or DuckDbException or NotSupportedException)
            {
                unavailable(table, ex);
            }
        }

        return shown;
    }

    /// <summary>
    /// Shows <paramref name="snapshot"/> as view <paramref name="viewName"/> over its files when <paramref name="fetch"/>
    /// (null: always) takes the name; else as a view of its columns that says, when read, that its files were not
    /// fetched (<see cref="NotFetched"/>).
    /// </summary>
    public static Task ShowAsync(
        DuckDbConnection connection, string viewName, DeltaTable delta, DeltaSnapshot snapshot, string cacheFolder, Func<string, bool>? fetch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (fetch is null || fetch(viewName))
            return DeltaView.CreateAsync(connection, viewName, delta, snapshot, cacheFolder, cancellationToken);
        DeltaView.CreateFailing(connection, viewName, snapshot.Metadata.Schema, NotFetched(viewName));
        return Task.CompletedTask;
    }

    /// <summary>What a view whose files were not fetched says when read: a name the SQL did not spell out (built from parts).</summary>
    public static string NotFetched(string viewName) =>
        $"{viewName} was not read: query reads the files of the views its SQL names, and this SQL does not name it (built from parts?): write its name in the SQL";

    // A version asked for that the table lacks is the asker's mistake (ArgumentOutOfRangeException); one the last run's
    // cut names is the table's damage: its log (or its folder) is gone.
    private static async Task<DeltaSnapshot?> Snapshot(DeltaTable delta, long version, bool fromCut, CancellationToken cancellationToken)
    {
        try
        {
            return await delta.SnapshotAsync(version, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentOutOfRangeException) when (fromCut)
        {
            throw new InvalidDataException($"{delta.Path} has no version {version}, which the lake's last run committed: its log is missing or damaged");
        }
    }

    // The last finished run's versions; none when a log cannot be read: each table then shows its latest, and a
    // damaged one says so when its own view is made; but when the damaged log is the run summary's, which records the
    // versions, that damage, so the other tables show none rather than each its latest (which could mix two runs).
    private static async Task<(IReadOnlyDictionary<LakeTable, long>? Cut, Exception? SummaryDamage)> CutAsync(
        ILakeStorage storage, DateTime? asOf, IReadOnlyCollection<LakeTable> tables, CancellationToken cancellationToken)
    {
        try
        {
            return (await LakeCut.ResolveAsync(storage, asOf, tables, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or NotSupportedException)
        {
            try
            {
                await LakeTables.GoldRunSummary.Open(storage).SnapshotAsync(null, cancellationToken).ConfigureAwait(false);
                return (null, null);
            }
            catch (Exception damage) when (damage is InvalidDataException or FormatException or NotSupportedException)
            {
                return (null, damage);
            }
        }
    }
}
