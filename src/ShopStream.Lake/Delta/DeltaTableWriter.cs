using ShopStream.Lake.DuckDb;

namespace ShopStream.Lake.Delta;

/// <summary>
/// Writes a query's rows into a Delta table as one commit: DuckDB writes the Parquet files (straight into the table
/// folder on local storage, into a staging folder uploaded afterwards on S3), then the log entry is committed with
/// put-if-absent. A crash before the commit leaves only orphan files, which readers never see and vacuum deletes.
/// </summary>
public sealed class DeltaTableWriter(DuckDbConnection connection, string stagingFolder)
{
    /// <summary>Runs <paramref name="selectSql"/> (lake code only, never user text) and commits its rows to <paramref name="table"/>.</summary>
    /// <returns>The commit written.</returns>
    /// <exception cref="DeltaConflictException">
    /// Another writer committed first: an overwrite (its rows may depend on what it read), a write after
    /// <see cref="DeltaWriteOptions.ReadVersion"/>, or an append still beaten after <see cref="AppendCommitAttempts"/> tries.
    /// </exception>
    public async Task<DeltaCommit> WriteAsync(DeltaTable table, string selectSql, DeltaWriteOptions options, CancellationToken cancellationToken = default)
    {
        var snapshot = options.ReadVersion is { } read
            ? read < 0 ? null : await table.SnapshotAsync(read, cancellationToken).ConfigureAwait(false)
            : await table.SnapshotAsync(null, cancellationToken).ConfigureAwait(false);
        var files = await WriteFilesAsync(table, selectSql, options, cancellationToken).ConfigureAwait(false);
        for (int attempt = 1; ; attempt++)
        {
            var commit = NextCommit(table, snapshot, options, files);
            try
            {
                await table.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
                return commit;
            }
            catch (DeltaConflictException) when (options.Mode == DeltaWriteMode.Append && options.ReadVersion is null && attempt < AppendCommitAttempts)
            {
                // A blind append read nothing the other commit could have changed: its files go in the next version.
                // (Two `jobs run` at once lost the loser's run history this way.)
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellationToken).ConfigureAwait(false);
                snapshot = await table.SnapshotAsync(null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>How many versions an append tries to commit at before it gives up on writers that keep beating it.</summary>
    public const int AppendCommitAttempts = 10;

    /// <summary>Writes the Parquet files of a commit and returns their add actions, without committing them.</summary>
    public async Task<IReadOnlyList<DeltaAddFile>> WriteFilesAsync(DeltaTable table, string selectSql, DeltaWriteOptions options, CancellationToken cancellationToken = default)
    {
        using var files = new DeltaFileSet(table, options, stagingFolder);
        files.Copy(connection, selectSql);
        return await files.FinishAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next version's actions: protocol and metadata when new or changed, removes on overwrite, then the adds.</summary>
    public static DeltaCommit NextCommit(DeltaTable table, DeltaSnapshot? snapshot, DeltaWriteOptions options, IReadOnlyList<DeltaAddFile> adds, IReadOnlyList<DeltaRemoveFile>? removes = null)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        DeltaMetadata? metadata = null;
        if (snapshot is null)
        {
            metadata = new DeltaMetadata(Guid.NewGuid().ToString(), options.Schema, options.PartitionColumns, now);
        }
        else if (!snapshot.Metadata.Schema.SameAs(options.Schema) || !snapshot.Metadata.PartitionColumns.SequenceEqual(options.PartitionColumns))
        {
            bool evolves = snapshot.Metadata.Schema.CanEvolveTo(options.Schema) && snapshot.Metadata.PartitionColumns.SequenceEqual(options.PartitionColumns);
            if (!evolves && options.Mode != DeltaWriteMode.Overwrite)
                throw new InvalidOperationException($"{table.Path}: the new schema drops or changes columns; only an overwrite may do that");
            metadata = snapshot.Metadata with { Schema = options.Schema, PartitionColumns = options.PartitionColumns };
        }

        removes ??= options.Mode == DeltaWriteMode.Overwrite && snapshot is not null
            ? snapshot.Files.Select(f => new DeltaRemoveFile(f.Path, now, true, f.Size)).ToList()
            : [];
        return new DeltaCommit((snapshot?.Version ?? -1) + 1, now, options.Operation, Parameters(options), snapshot is null, metadata, adds, removes, options.UserMetadata);
    }

    /// <summary>
    /// commitInfo's operationParameters as Delta's own writer records them: a write has its mode and partition
    /// columns; a compaction rewrites the same rows, so it has Delta's OPTIMIZE parameters (no predicate, no
    /// Z-order), not a write mode that would read as if it replaced the table's data.
    /// </summary>
    private static Dictionary<string, string> Parameters(DeltaWriteOptions options)
    {
        if (options.Operation == "OPTIMIZE")
            return new(StringComparer.Ordinal) { ["predicate"] = "[]", ["zOrderBy"] = "[]" };
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["mode"] = options.Mode.ToString() };
        if (options.PartitionColumns.Count > 0)
            parameters["partitionBy"] = "[" + string.Join(",", options.PartitionColumns.Select(c => $"\"{c}\"")) + "]";
        return parameters;
    }
}
