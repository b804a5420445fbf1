namespace ShopStream.Lake.Parquet;

/// <summary>
/// One column's values of the row group being built: a definition level per row (1 value, 0 null) and the non-null
/// values in the typed subclass, encoded as one column chunk (one data page) when the row group is full.
/// </summary>
public abstract class ColumnBuffer
{
    private protected const int PlainEncoding = 0;
    private protected const int RleDictionaryEncoding = 8;

    private byte[] _levels;

    private protected ColumnBuffer(ParquetColumn column, int capacity)
    {
        Column = column;
        _levels = new byte[capacity];
    }

    public ParquetColumn Column { get; }

    /// <summary>Rows in the row group so far (values and nulls).</summary>
    public int Rows { get; private set; }

    public int NullCount { get; private set; }

    /// <summary>The non-null values so far.</summary>
    private protected int Values => Rows - NullCount;

    public void AddNull()
    {
        if (!Column.Nullable)
            throw new InvalidOperationException($"column {Column.Name} is not nullable");
        Level(0);
        NullCount++;
    }

    private protected void Defined() => Level(1);

    /// <summary>Encodes the row group's chunk into <paramref name="output"/> and empties the buffer for the next row group.</summary>
    internal ColumnChunkMeta Encode(PageEncoder pages, ByteBuffer output)
    {
        long start = output.Length;
        pages.BeginChunk();
        var (dataPageOffset, dictionaryPageOffset, min, max, dictionary) = EncodePages(pages, output);
        var meta = new ColumnChunkMeta(Column, start, dataPageOffset, dictionaryPageOffset, pages.Compressed, pages.Uncompressed, Rows, NullCount, min, max, dictionary);
        Rows = 0;
        NullCount = 0;
        Reset();
        return meta;
    }

    /// <summary>Writes the chunk's pages; returns where they start in <paramref name="output"/>, the values' min and max (PLAIN bytes) and whether a dictionary was written.</summary>
    private protected abstract (long DataPageOffset, long? DictionaryPageOffset, byte[]? Min, byte[]? Max, bool Dictionary) EncodePages(PageEncoder pages, ByteBuffer output);

    private protected abstract void Reset();

    /// <summary>Starts a data page body: the definition levels (nullable columns only), length-prefixed.</summary>
    private protected void BeginDataPage(PageEncoder pages)
    {
        var body = pages.Body;
        body.Clear();
        if (!Column.Nullable)
            return;
        int at = body.Length;
        body.WriteInt32(0);
        RleHybridEncoder.Encode<byte>(_levels.AsSpan(0, Rows), 1, body);
        body.PatchInt32(at, body.Length - at - 4);
    }

    private void Level(byte level)
    {
        if (Rows == _levels.Length)
            Array.Resize(ref _levels, _levels.Length * 2);
        _levels[Rows++] = level;
    }
}
