using ShopStream.Core.Events;
using ShopStream.Lake.Delta;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// Bronze's Parquet files as the writer thread makes them: row groups already encoded for silver (the event columns,
/// shared with it, then <c>source</c>, <c>line</c>, <c>ingested_at</c>) appended as they come, and the few events
/// silver leaves out (duplicates) encoded here into row groups of their own. A file is closed once it holds
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
    private readonly long _ingestedTicks;
    private readonly Utf8Strings _utf8;
    private ParquetFileWriter? _file;
    private EventColumns? _duplicates;

    public BronzeFiles(DeltaFileSet files, LakeRunOptions options, Utf8Strings utf8)
    {
        _files = files;
        _options = options.Parquet;
        _rowsPerFile = options.RowsPerFile;
        _ingestedTicks = options.IngestedAt.Ticks;
        _utf8 = utf8;
    }

    /// <summary>Appends a row group encoded elsewhere (every bronze column, offsets relative to <paramref name="bytes"/>).</summary>
    public void AppendRowGroup(int rows, ColumnChunkMeta[] chunks, ReadOnlySpan<byte> bytes)
    {
        File.AppendRowGroup(rows, chunks, bytes);
        if (_file!.Rows >= _rowsPerFile)
            CloseFile();
    }

    /// <summary>Adds an event silver leaves out, read at <paramref name="line"/> of the input named <paramref name="source"/> (UTF-8).</summary>
    public void AddDuplicate(in ShopEvent e, Utf8Text source, long line)
    {
        var file = File;
        _duplicates ??= new EventColumns(file.ColumnBuffers, _utf8);
        _duplicates.Add(in e);
        file.String(EventColumns.Count).Add(source);
        file.Int64(EventColumns.Count + 1).Add(line);
        file.Int64(EventColumns.Count + 2).AddTicks(_ingestedTicks);
        file.EndRow();
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
        _duplicates = null;
    }
}
