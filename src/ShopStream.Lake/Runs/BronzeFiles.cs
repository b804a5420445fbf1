using ShopStream.Lake.Delta;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// Bronze's Parquet files as <see cref="SpoolEncoder"/> makes them: row groups encoded once (the event columns, then
/// <c>source</c>, <c>line</c>, <c>ingested_at</c>) appended as they come. Unless they are duplicates, silver's files
/// copy their event columns from here when the run is done. A file is closed once it holds
/// <see cref="LakeRunOptions.RowsPerFile"/> rows and reported to the table's <see cref="DeltaFileSet"/>.
/// </summary>
internal sealed class BronzeFiles : IDisposable
{
    /// <summary>Bronze's columns: the event's, then where it was read and the run's ingest time.</summary>
    public static IReadOnlyList<ParquetColumn> Columns { get; } = ParquetColumn.FromDelta(Tables.LakeTables.BronzeEvents.Schema);

    /// <summary>The columns bronze has and silver has not, after the event's.</summary>
    public static IReadOnlyList<ParquetColumn> ReadColumns { get; } = [.. Columns.Skip(EventColumns.Count)];

    private readonly DeltaFileSet _files;
    private readonly ParquetWriteOptions _options;
    private readonly int _rowsPerFile;
    private ParquetFileWriter? _file;

    public BronzeFiles(DeltaFileSet files, LakeRunOptions options)
    {
        _files = files;
        _options = options.Parquet;
        _rowsPerFile = options.RowsPerFile;
    }

    /// <summary>
    /// Appends a row group encoded elsewhere (every bronze column, offsets relative to <paramref name="bytes"/>);
    /// returns the file and where in it <paramref name="bytes"/> start (silver reads its event columns back from
    /// there once the run is done).
    /// </summary>
    public (string File, long Offset) AppendRowGroup(int rows, ColumnChunkMeta[] chunks, ReadOnlySpan<byte> bytes)
    {
        var file = File;
        long offset = file.AppendRowGroup(rows, chunks, bytes);
        if (file.Rows >= _rowsPerFile)
            CloseFile();
        return (file.Path, offset);
    }

    /// <summary>Closes the last file (the stream has ended).</summary>
    public void Complete()
    {
        if (_file is not null)
            CloseFile();
    }

    /// <summary>Leaves an unfinished file without its footer (a run that failed): an orphan for vacuum.</summary>
    public void Dispose() => _file?.Dispose();

    private ParquetFileWriter File => _file ??= new ParquetFileWriter(_files.NewFile(), Columns, _options);

    private void CloseFile()
    {
        _files.Written(_file!.Close());
        _file.Dispose();
        _file = null;
    }
}
