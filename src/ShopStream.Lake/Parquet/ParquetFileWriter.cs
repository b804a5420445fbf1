using Microsoft.Win32.SafeHandles;
using ShopStream.Core.Output;

namespace ShopStream.Lake.Parquet;

/// <summary>
/// Writes one Parquet file of the lake's column types, row by row: a value (or null) into each column's buffer, then
/// <see cref="EndRow"/>; each full row group is encoded (one zstd data page per column chunk, strings dictionary
/// encoded) and written at once, and <see cref="Close"/> writes the footer. Buffers are reused from one row group to
/// the next, so memory is about one row group's values. What is on disk leaves the page cache as the file grows
/// (<see cref="DropBehind"/>): a run's lake is about as large as its input.
/// <code>
/// using var w = new ParquetFileWriter(path, columns, new ParquetWriteOptions());
/// w.Int64(0).Add(42); w.String(1).AddNull(); w.EndRow();
/// var written = w.Close();
/// </code>
/// </summary>
public sealed class ParquetFileWriter : IDisposable
{
    private static readonly byte[] s_magic = "PAR1"u8.ToArray();

    // Written at its end without a buffer (row groups come whole), its pages leaving the cache once on disk.
    private readonly SafeFileHandle _file;
    private readonly DropBehind _output;
    private readonly ParquetWriteOptions _options;
    private readonly int _rowGroupRows;
    private readonly ByteBuffer _encoded = new(1 << 16);
    private readonly List<(long Rows, ColumnChunkMeta[] Chunks)> _rowGroups = [];
    private RowGroupBuffer? _rowGroup;
    private long _writtenRows;
    private ParquetFileSummary? _closed;

    public ParquetFileWriter(string path, IReadOnlyList<ParquetColumn> columns, ParquetWriteOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RowGroupRows, 1);
        Path = path;
        Columns = columns;
        _rowGroupRows = options.RowGroupRows;
        _options = options;
        _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
        _output = new DropBehind(_file);
        _output.Append(s_magic);
    }

    public string Path { get; }

    public IReadOnlyList<ParquetColumn> Columns { get; }

    /// <summary>Rows written so far, the current row group's included.</summary>
    public long Rows => _writtenRows + (_rowGroup?.Rows ?? 0);

    // Made on first use: a file assembled from row groups encoded elsewhere (AppendRowGroup) never needs one.
    private RowGroupBuffer RowGroup => _rowGroup ??= new RowGroupBuffer(Columns, _options);

    public ColumnBuffer Column(int column) => RowGroup.Columns[column];

    public Int64ColumnBuffer Int64(int column) => (Int64ColumnBuffer)RowGroup.Columns[column];

    public Int32ColumnBuffer Int32(int column) => (Int32ColumnBuffer)RowGroup.Columns[column];

    public StringColumnBuffer String(int column) => (StringColumnBuffer)RowGroup.Columns[column];

    public BooleanColumnBuffer Boolean(int column) => (BooleanColumnBuffer)RowGroup.Columns[column];

    /// <summary>Ends a row (every column has had its value or null); writes the row group when it is full.</summary>
    public void EndRow()
    {
        if (RowGroup.Rows >= _rowGroupRows)
            FlushRowGroup();
    }

    /// <summary>Writes what is buffered as a row group now (a smaller one), so that the buffers' memory is not held by an idle file.</summary>
    public void FlushRowGroup()
    {
        if (_rowGroup is not { Rows: > 0 } rowGroup)
            return;
        int rows = rowGroup.Rows;
        _encoded.Clear();
        var chunks = rowGroup.Encode(_encoded);
        AppendRowGroup(rows, chunks, _encoded.Written);
    }

    /// <summary>Writes the last row group and the footer, and closes the file.</summary>
    public ParquetFileSummary Close()
    {
        if (_closed is not null)
            return _closed;
        FlushRowGroup();
        _encoded.Clear();
        ParquetFooter.Write(_encoded, Columns, _rowGroups);
        _encoded.WriteInt32(_encoded.Length);
        _encoded.Write(s_magic);
        _output.Append(_encoded.Written);
        _closed = new ParquetFileSummary(Path, Rows, _output.Length);
        _file.Dispose();
        return _closed;
    }

    /// <summary>Closes the file without a footer when it was not <see cref="Close"/>d (a failed write leaves an unreadable orphan).</summary>
    public void Dispose()
    {
        _file.Dispose();
        _rowGroup?.Dispose();
    }

    /// <summary>Appends a row group already encoded elsewhere (chunks' offsets relative to <paramref name="bytes"/>); returns where in the file <paramref name="bytes"/> start.</summary>
    internal long AppendRowGroup(long rows, ColumnChunkMeta[] chunks, ReadOnlySpan<byte> bytes)
    {
        long at = _output.Append(bytes);
        _rowGroups.Add((rows, [.. chunks.Select(c => c.At(at))]));
        _writtenRows += rows;
        return at;
    }
}
