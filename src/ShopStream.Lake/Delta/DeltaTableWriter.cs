using System.Globalization;
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
    public async Task<DeltaCommit> WriteAsync(DeltaTable table, string selectSql, DeltaWriteOptions options, CancellationToken cancellationToken = default)
    {
        var snapshot = await table.SnapshotAsync(null, cancellationToken).ConfigureAwait(false);
        var files = await WriteFilesAsync(table, selectSql, options, cancellationToken).ConfigureAwait(false);
        var commit = NextCommit(table, snapshot, options, files);
        await table.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
        return commit;
    }

    /// <summary>Writes the Parquet files of a commit and returns their add actions, without committing them.</summary>
    public async Task<IReadOnlyList<DeltaAddFile>> WriteFilesAsync(DeltaTable table, string selectSql, DeltaWriteOptions options, CancellationToken cancellationToken = default)
    {
        foreach (var p in options.PartitionColumns)
        {
            if (options.Schema.Field(p) is null)
                throw new ArgumentException($"partition column {p} is not in the schema", nameof(options));
        }

        if (options.Compression is not ("zstd" or "snappy"))
            throw new ArgumentException($"compression {options.Compression}: use zstd or snappy", nameof(options));
        string tag = Guid.NewGuid().ToString("N");
        string? local = table.Storage.LocalPath(table.Path);
        string folder = local ?? Path.Combine(stagingFolder, tag);
        Directory.CreateDirectory(folder);
        string settings = $"FORMAT parquet, COMPRESSION {options.Compression}"
            + (options.Compression == "zstd" && options.CompressionLevel is { } level ? $", COMPRESSION_LEVEL {level.ToString(CultureInfo.InvariantCulture)}" : "");
        string pattern;
        if (options.PartitionColumns.Count == 0)
        {
            string file = Path.Combine(folder, $"part-{tag}-0.parquet");
            connection.Execute($"COPY ({selectSql}) TO {SqlText.Literal(file)} ({settings})");
            pattern = Path.Combine(folder, $"part-{tag}-*.parquet");
        }
        else
        {
            connection.Execute($"COPY ({selectSql}) TO {SqlText.Literal(folder)} ({settings}, PARTITION_BY ({string.Join(", ", options.PartitionColumns.Select(c => $"\"{c}\""))}), FILENAME_PATTERN 'part-{tag}-{{i}}', OVERWRITE_OR_IGNORE)");
            pattern = Path.Combine(folder, string.Concat(Enumerable.Repeat("*/", options.PartitionColumns.Count)) + $"part-{tag}-*.parquet");
        }

        var adds = new List<DeltaAddFile>();
        bool any = Directory.EnumerateFiles(folder, $"part-{tag}-*.parquet", SearchOption.AllDirectories).Any();
        if (any)
        {
            using var result = connection.Query($"SELECT file_name, num_rows FROM parquet_file_metadata({SqlText.Literal(pattern)}) ORDER BY file_name");
            foreach (var chunk in result.Chunks())
            {
                for (int r = 0; r < chunk.RowCount; r++)
                {
                    var info = new FileInfo(chunk.Column(0).String(r));
                    string relative = Path.GetRelativePath(folder, info.FullName).Replace(Path.DirectorySeparatorChar, '/');
                    adds.Add(new DeltaAddFile(
                        relative,
                        PartitionValues(relative, options.PartitionColumns),
                        info.Length,
                        new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds(),
                        chunk.Column(1).Int64(r)));
                }
            }
        }

        if (local is null)
        {
            foreach (var add in adds)
                await table.Storage.UploadAsync(table.Key(add.Path), Path.Combine(folder, add.Path), cancellationToken).ConfigureAwait(false);
            Directory.Delete(folder, recursive: true);
        }

        return adds;
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
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["mode"] = options.Mode.ToString() };
        if (options.PartitionColumns.Count > 0)
            parameters["partitionBy"] = "[" + string.Join(",", options.PartitionColumns.Select(c => $"\"{c}\"")) + "]";
        return new DeltaCommit((snapshot?.Version ?? -1) + 1, now, options.Operation, parameters, snapshot is null, metadata, adds, removes);
    }

    private static Dictionary<string, string?> PartitionValues(string relativePath, IReadOnlyList<string> columns)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var parts = relativePath.Split('/');
        for (int i = 0; i < columns.Count; i++)
        {
            string part = parts[i];
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0 || part[..eq] != columns[i])
                throw new InvalidDataException($"unexpected partition folder {part} for column {columns[i]}");
            string value = Uri.UnescapeDataString(part[(eq + 1)..]);
            values[columns[i]] = value == "NULL" || value == "__HIVE_DEFAULT_PARTITION__" ? null : value;
        }

        return values;
    }
}
