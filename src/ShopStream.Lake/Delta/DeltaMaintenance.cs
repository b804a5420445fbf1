using ShopStream.Lake.DuckDb;

namespace ShopStream.Lake.Delta;

/// <summary>
/// Table upkeep: compaction (many small files into few, one commit, same rows) and vacuum (delete data files no
/// longer in the table, and orphans of commits that never happened, once older than the retention).
/// </summary>
public static class DeltaMaintenance
{
    /// <summary>
    /// Rewrites the live files of each partition that has several as one file, in one <c>OPTIMIZE</c> commit (removes
    /// and adds with <c>dataChange</c> false); a partition already in one file is left as it is (it was rewritten too).
    /// Nothing is committed when the table already has at most one file per partition.
    /// </summary>
    /// <param name="snapshot">
    /// The version to compact (default: the latest): the one the caller reports on, so that what it says (files before,
    /// nothing to compact) is of the version decided on. The commit follows it: another writer's commit since is a
    /// conflict (<see cref="DeltaConflictException"/>).
    /// </param>
    /// <returns>The commit, or null when there was nothing to compact.</returns>
    /// <exception cref="InvalidOperationException">The table does not exist.</exception>
    public static async Task<DeltaCommit?> CompactAsync(
        DuckDbConnection connection, DeltaTable table, string stagingFolder, CancellationToken cancellationToken = default, DeltaSnapshot? snapshot = null)
    {
        snapshot ??= await table.SnapshotAsync(null, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{table.Path}: no such table");
        var perPartition = snapshot.Files.GroupBy(f => string.Join("/", f.PartitionValues.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        var merged = perPartition.Where(g => g.Count() > 1).SelectMany(g => g).ToList();
        if (merged.Count == 0)
            return null;

        var source = snapshot with { Files = merged };
        await DeltaView.CreateAsync(connection, "compact_source", table, source, stagingFolder, cancellationToken).ConfigureAwait(false);
        var options = new DeltaWriteOptions
        {
            Schema = snapshot.Metadata.Schema,
            PartitionColumns = snapshot.Metadata.PartitionColumns,
            Mode = DeltaWriteMode.Overwrite,
            Operation = "OPTIMIZE",
        };
        var files = await new DeltaTableWriter(connection, stagingFolder).WriteFilesAsync(table, "SELECT * FROM compact_source", options, cancellationToken).ConfigureAwait(false);
        connection.Execute("DROP VIEW compact_source");
        if (files.Sum(f => f.NumRecords) != source.NumRecords)
            throw new InvalidDataException($"{table.Path}: compaction wrote {files.Sum(f => f.NumRecords)} rows for {source.NumRecords}; not committed");
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var commit = DeltaTableWriter.NextCommit(
            table,
            snapshot,
            options,
            files.Select(f => f with { DataChange = false }).ToList(),
            merged.Select(f => new DeltaRemoveFile(f.Path, now, DataChange: false, f.Size)).ToList());
        await table.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
        return commit;
    }

    /// <summary>How old a temporary file in the log must be, whatever the retention, before vacuum takes it for a killed commit's.</summary>
    public static readonly TimeSpan LogTempAge = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Deletes the table's data files that the latest version does not use and that are older than
    /// <paramref name="retain"/>: removed files by their removal time, orphans (never committed) by their file time;
    /// and the log's temporary files that killed commits left, older than that and than <see cref="LogTempAge"/>.
    /// Versions older than the retention may no longer be readable afterwards, but for <paramref name="keep"/>, whose
    /// files stay (the version readers show when a later run did not finish: <see cref="Tables.LakeCut"/>).
    /// </summary>
    /// <param name="deletedOne">Told each key as soon as it is deleted (or found, with <paramref name="dryRun"/>): a vacuum
    /// stopped part way (a signal, an S3 error) has said what it deleted, where the list it returns is never seen.</param>
    /// <returns>The keys deleted (or that would be, with <paramref name="dryRun"/>).</returns>
    public static async Task<IReadOnlyList<string>> VacuumAsync(
        DeltaTable table, TimeSpan retain, DateTime now, bool dryRun = false, long? keep = null, Action<string>? deletedOne = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retain, TimeSpan.Zero);
        var commits = await table.CommitsAsync(null, cancellationToken).ConfigureAwait(false);
        // No commit yet: every data file ShopStream names as it writes is an orphan, a first run's killed before it
        // committed (it was left for good, as a table without a log was passed over). Not when a version is known to
        // have been committed: then the log is what went missing, and every file would look like an orphan.
        bool uncommitted = commits.Count == 0;
        if (uncommitted && keep is not null)
            throw new InvalidDataException($"{table.Path}: its Delta log is gone, though version {keep} of it was committed: not vacuumed, as every data file would look unused");
        var live = new HashSet<string>(StringComparer.Ordinal);
        if (!uncommitted)
        {
            // From the commits read above: the log was read whole twice more for these (three reads of every entry).
            var snapshot = table.Replay(commits);
            live.UnionWith(snapshot.Files.Select(f => f.Path));
            if (keep is { } kept && kept < snapshot.Version)
                live.UnionWith(table.Replay([.. commits.TakeWhile(c => c.Version <= kept)]).Files.Select(f => f.Path));
        }

        var removedAt = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var c in commits)
        {
            foreach (var r in c.Removes)
                removedAt[r.Path] = r.DeletionTimestamp;
        }

        long nowMs = new DateTimeOffset(now.ToUniversalTime()).ToUnixTimeMilliseconds();
        long cutoff = nowMs - (long)retain.TotalMilliseconds;
        // A commit's temporary file (LocalLakeStorage writes one, then renames it) left by a process killed in between:
        // past the retention and past any commit still in flight.
        long logTempCutoff = Math.Min(cutoff, nowMs - (long)LogTempAge.TotalMilliseconds);
        var deleted = new List<string>();
        string prefix = table.Path + "/";
        foreach (var o in await table.Storage.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            string relative = o.Key[prefix.Length..];
            long time = removedAt.TryGetValue(relative, out long t) ? t : new DateTimeOffset(o.LastModified).ToUnixTimeMilliseconds();
            bool inLog = relative.StartsWith(DeltaTable.LogFolder + "/", StringComparison.Ordinal);
            if (inLog ? !relative.EndsWith(".tmp", StringComparison.Ordinal) || time > logTempCutoff
                : live.Contains(relative) || !relative.EndsWith(".parquet", StringComparison.Ordinal) || time > cutoff || Hidden(relative)
                    || (uncommitted && !DeltaFileSet.IsDataFileName(relative)))
            {
                continue;
            }

            if (!dryRun)
                await table.Storage.DeleteAsync(o.Key, cancellationToken).ConfigureAwait(false);
            deleted.Add(o.Key);
            deletedOne?.Invoke(o.Key);
        }

        return deleted;
    }

    // A file or folder (but a partition's, "event_date=...") whose name starts with '_' or '.' is not the table's to
    // delete: another tool's (.hidden, _tmp). Delta's own VACUUM leaves most of them (not its _change_data, which this
    // lake never writes); keeping more is safe.
    private static bool Hidden(string relative) =>
        relative.Split('/').Any(part => part.Length > 0 && (part[0] is '.' || (part[0] is '_' && !part.Contains('=', StringComparison.Ordinal))));
}
