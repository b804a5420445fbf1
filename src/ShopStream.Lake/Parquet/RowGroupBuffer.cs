namespace ShopStream.Lake.Parquet;

/// <summary>The columns of the row group being built, encoded together into one buffer when it is full.</summary>
internal sealed class RowGroupBuffer : IDisposable
{
    private readonly PageEncoder _pages;
    private readonly bool _ownsPages;

    /// <param name="pages">
    /// An encoder shared with other buffers encoded on the same thread (its scratch buffers grow to a chunk's size
    /// once, rather than once per buffer); by default the buffer has its own.
    /// </param>
    /// <param name="full">The buffer will hold whole row groups: its arrays are made that large at once, not grown.</param>
    public RowGroupBuffer(IReadOnlyList<ParquetColumn> columns, ParquetWriteOptions options, PageEncoder? pages = null, bool full = false)
    {
        _ownsPages = pages is null;
        _pages = pages ?? new PageEncoder(options.CompressionLevel);
        int capacity = full ? options.RowGroupRows : Math.Min(options.RowGroupRows, 1 << 16);
        Columns = [.. columns.Select(c => Create(c, capacity, options))];
    }

    public ColumnBuffer[] Columns { get; }

    /// <summary>Rows in the row group so far (the first column's; every column must have as many when it is encoded).</summary>
    public int Rows => Columns.Length == 0 ? 0 : Columns[0].Rows;

    /// <summary>Encodes every column's chunk, one after another, into <paramref name="output"/>; offsets relative to it.</summary>
    public ColumnChunkMeta[] Encode(ByteBuffer output)
    {
        int rows = Rows;
        foreach (var c in Columns)
        {
            if (c.Rows != rows)
                throw new InvalidOperationException($"column {c.Column.Name} has {c.Rows} rows, column {Columns[0].Column.Name} {rows}: every row needs a value or null in every column");
        }

        var metas = new ColumnChunkMeta[Columns.Length];
        for (int i = 0; i < Columns.Length; i++)
            metas[i] = Columns[i].Encode(_pages, output);
        return metas;
    }

    /// <summary>Frees the compression context (unless it was shared).</summary>
    public void Dispose()
    {
        if (_ownsPages)
            _pages.Dispose();
    }

    private static ColumnBuffer Create(ParquetColumn column, int capacity, ParquetWriteOptions options) => column.Kind switch
    {
        ParquetColumnKind.String => new StringColumnBuffer(column, capacity, options),
        ParquetColumnKind.Int64 or ParquetColumnKind.Timestamp or ParquetColumnKind.Decimal => new Int64ColumnBuffer(column, capacity),
        ParquetColumnKind.Int32 or ParquetColumnKind.Date => new Int32ColumnBuffer(column, capacity),
        ParquetColumnKind.Boolean => new BooleanColumnBuffer(column, capacity),
        _ => throw new NotSupportedException(column.Kind.ToString()),
    };
}
