using System.Collections.Concurrent;
using System.Globalization;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Parquet;
using ShopStream.Lake.Storage;

namespace ShopStream.Lake.Delta;

/// <summary>
/// The Parquet files of one coming commit, written by DuckDB one <see cref="Copy"/> at a time (a streaming writer
/// adds a file whenever it has enough rows) or by .NET's <see cref="ParquetFileWriter"/> at paths from
/// <see cref="NewFile"/>, straight into the table folder on local storage or into a staging folder on S3. <see cref="FinishAsync"/> lists them as add actions (uploading them to S3). Until the commit they
/// are orphans that no reader sees.
/// </summary>
public sealed partial class DeltaFileSet : IDisposable
{
    private readonly DeltaTable _table;
    private readonly DeltaWriteOptions _options;
    private readonly string _tag = Guid.NewGuid().ToString("N");
    private readonly bool _staged;
    private readonly string _settings;
    private readonly ConcurrentDictionary<string, long> _rowsWritten = new(StringComparer.Ordinal);
    private int _copies;
    private readonly IReadOnlyList<string> _madeFolders;

    public DeltaFileSet(DeltaTable table, DeltaWriteOptions options, string stagingFolder)
    {
        foreach (var p in options.PartitionColumns)
        {
            if (options.Schema.Field(p) is null)
                throw new ArgumentException($"partition column {p} is not in the schema", nameof(options));
        }

        if (options.Compression is not ("zstd" or "snappy"))
            throw new ArgumentException($"compression {options.Compression}: use zstd or snappy", nameof(options));
        _table = table;
        _options = options;
        string? local = table.Storage.LocalPath(table.Path);
        _staged = local is null;
        Folder = local ?? Path.Combine(stagingFolder, _tag);
        _madeFolders = NewFolders.Make(Folder);
        _settings = $"FORMAT parquet, COMPRESSION {options.Compression}"
            + (options.Compression == "zstd" && options.CompressionLevel is { } level ? $", COMPRESSION_LEVEL {level.ToString(CultureInfo.InvariantCulture)}" : "");
    }

    /// <summary>The local folder the files are written to (the table's folder, or a staging folder for S3).</summary>
    public string Folder { get; }

    /// <summary>
    /// Whether a table's file (by its path in the table) has the name this writer gives data files,
    /// <c>part-TAG-N.parquet</c> or, in a partition's folder, <c>part-TAG-N-I.parquet</c> (TAG 32 hex digits): not
    /// another tool's (Spark's <c>part-00000-UUID-c000.snappy.parquet</c>).
    /// </summary>
    public static bool IsDataFileName(string relativePath) => DataFileName().IsMatch(Path.GetFileName(relativePath));

    [System.Text.RegularExpressions.GeneratedRegex("^part-[0-9a-f]{32}-[0-9]+(-[0-9]+)?\\.parquet$")]
    private static partial System.Text.RegularExpressions.Regex DataFileName();

    /// <summary>A glob of the files written so far, for DuckDB's <c>read_parquet</c>.</summary>
    public string Pattern => Path.Combine(Folder, string.Concat(Enumerable.Repeat("*/", _options.PartitionColumns.Count)) + $"part-{_tag}-*.parquet");

    /// <summary>
    /// Writes the rows of <paramref name="selectSql"/> (lake code only, never user text) as one more file (or one per
    /// partition) and returns the file's path (or the table folder's, for a partitioned table).
    /// </summary>
    public string Copy(DuckDbConnection connection, string selectSql)
    {
        int copy = Interlocked.Increment(ref _copies) - 1;
        if (_options.PartitionColumns.Count == 0)
        {
            string file = Path.Combine(Folder, $"part-{_tag}-{copy.ToString(CultureInfo.InvariantCulture)}.parquet");
            connection.Execute($"COPY ({selectSql}) TO {SqlText.Literal(file)} ({_settings})");
            return file;
        }
        else
        {
            string columns = string.Join(", ", _options.PartitionColumns.Select(c => $"\"{c}\""));
            connection.Execute($"COPY ({selectSql}) TO {SqlText.Literal(Folder)} ({_settings}, PARTITION_BY ({columns}), FILENAME_PATTERN 'part-{_tag}-{copy}-{{i}}', OVERWRITE_OR_IGNORE)");
            return Folder;
        }
    }

    /// <summary>
    /// A path for one more file, in the folder of the partition whose only partition column has the value
    /// <paramref name="partitionValue"/> (none for an unpartitioned table); report it with <see cref="Written"/>.
    /// </summary>
    public string NewFile(string? partitionValue = null)
    {
        int copy = Interlocked.Increment(ref _copies) - 1;
        string name = $"part-{_tag}-{copy.ToString(CultureInfo.InvariantCulture)}";
        if (_options.PartitionColumns.Count == 0)
        {
            if (partitionValue is not null)
                throw new ArgumentException("the table is not partitioned", nameof(partitionValue));
            return Path.Combine(Folder, name + ".parquet");
        }

        if (_options.PartitionColumns.Count != 1 || partitionValue is null)
            throw new InvalidOperationException($"NewFile writes tables of one partition column, with its value, not {_options.PartitionColumns.Count}");
        if (partitionValue.Length == 0 || !partitionValue.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new ArgumentException($"partition value {partitionValue}: letters, digits, '-', '_' and '.' only (no escaping needed)", nameof(partitionValue));
        string folder = Path.Combine(Folder, $"{_options.PartitionColumns[0]}={partitionValue}");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + "-0.parquet");
    }

    /// <summary>A file from <see cref="NewFile"/> is complete, with its row count (so no footer is read back for it).</summary>
    public void Written(ParquetFileSummary file) => _rowsWritten[Path.GetFullPath(file.Path)] = file.Rows;

    /// <summary>
    /// The add actions of every file written, by path (row counts as reported to <see cref="Written"/>, else from the
    /// Parquet footers through <paramref name="connection"/>); on S3, uploads them first.
    /// </summary>
    public async Task<IReadOnlyList<DeltaAddFile>> FinishAsync(DuckDbConnection? connection, CancellationToken cancellationToken = default)
    {
        var files = Directory.EnumerateFiles(Folder, $"part-{_tag}-*.parquet", SearchOption.AllDirectories).Select(Path.GetFullPath).Order(StringComparer.Ordinal).ToList();
        var rows = new Dictionary<string, long>(_rowsWritten, StringComparer.Ordinal);
        if (files.Any(f => !rows.ContainsKey(f)))
        {
            if (connection is null)
                throw new InvalidOperationException($"{_table.Path}: files written by DuckDB need a connection to read their row counts");
            using var result = connection.Query($"SELECT file_name, num_rows FROM parquet_file_metadata({SqlText.Literal(Pattern)})");
            foreach (var chunk in result.Chunks())
            {
                for (int r = 0; r < chunk.RowCount; r++)
                    rows.TryAdd(Path.GetFullPath(chunk.Column(0).String(r)), chunk.Column(1).Int64(r));
            }
        }

        var adds = new List<DeltaAddFile>(files.Count);
        foreach (string file in files)
        {
            var info = new FileInfo(file);
            string relative = Path.GetRelativePath(Folder, info.FullName).Replace(Path.DirectorySeparatorChar, '/');
            adds.Add(new DeltaAddFile(
                relative,
                PartitionValues(relative, _options.PartitionColumns),
                info.Length,
                new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds(),
                rows[file]));
        }

        if (_staged)
        {
            foreach (var add in adds)
                await _table.Storage.UploadAsync(_table.Key(add.Path), Path.Combine(Folder, add.Path), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            FlushToDisk(files);
        }

        return adds;
    }

    // The files and their names on disk before a commit names them: after a power cut a log entry must not point at a
    // file the kernel had not written yet (empty after the restart). At once for all of them, just before the commit,
    // and not as each closes: most of a run's files were handed to the disk long before (drop-behind), so these
    // fsyncs find little left to wait for (at 5M events about 0.3 s in all, against 0.56 s when each file waited at
    // its close). So are the folders made for the table (a new lake's layer and table folders).
    private void FlushToDisk(IReadOnlyList<string> files)
    {
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, file =>
        {
            using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Write);
            RandomAccess.FlushToDisk(handle);
        });
        foreach (string folder in files.Select(f => Path.GetDirectoryName(f)!).Append(Folder).Distinct(StringComparer.Ordinal))
            Core.Log.Embedded.DirectorySync.Flush(folder);
        NewFolders.FlushParents(_madeFolders);
    }

    /// <summary>Removes the staging folder (S3); local files stay where they are, committed or orphans.</summary>
    public void Dispose()
    {
        if (_staged && Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
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
