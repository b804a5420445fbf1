using System.Runtime.CompilerServices;

namespace ShopStream.Lake.Parquet;

/// <summary>
/// One column's values of the row group being built: a definition level per row (1 value, 0 null) and the non-null
/// values in the typed subclass, encoded as one column chunk (one data page) when the row group is full.
/// </summary>
public abstract class ColumnBuffer
{
    private readonly bool _nullable;
    private byte[] _levels;

    // Whether _levels holds the rows' levels. Until a chunk has both values and nulls they are all alike (NullCount
    // says which), so nothing is stored: most of an event's columns are always null, or never, in a source.
    private bool _mixed;

    private protected ColumnBuffer(ParquetColumn column, int capacity)
    {
        Column = column;
        _nullable = column.Nullable;
        _levels = new byte[capacity];
    }

    public ParquetColumn Column { get; }

    /// <summary>Rows in the row group so far (values and nulls).</summary>
    public int Rows { get; private set; }

    public int NullCount { get; private set; }

    /// <summary>The non-null values so far.</summary>
    private protected int Values => Rows - NullCount;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddNull()
    {
        // Every row so far null (nothing stored): the common case, inlined.
        if (_nullable && NullCount == Rows)
        {
            Rows++;
            NullCount++;
            return;
        }

        AddNullSlow();
    }

    /// <summary>Adds <paramref name="count"/> nulls: for a column a whole run of events leaves empty, one step while the chunk has no values.</summary>
    public void AddNulls(int count)
    {
        if (_nullable && NullCount == Rows)
        {
            Rows += count;
            NullCount += count;
            return;
        }

        for (int i = 0; i < count; i++)
            AddNullSlow();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void Defined()
    {
        // No null so far (nothing stored): the common case, inlined.
        if (NullCount == 0)
        {
            Rows++;
            return;
        }

        DefinedSlow();
    }

    /// <summary>Counts <paramref name="count"/> more rows with values (the subclass stores the values).</summary>
    private protected void Defined(int count)
    {
        if (NullCount == 0)
        {
            Rows += count;
            return;
        }

        for (int i = 0; i < count; i++)
            DefinedSlow();
    }

    /// <summary>Encodes the row group's chunk into <paramref name="output"/> and empties the buffer for the next row group.</summary>
    internal ColumnChunkMeta Encode(PageEncoder pages, ByteBuffer output)
    {
        long start = output.Length;
        pages.BeginChunk(Rows, BufferedBytes);
        var (dataPageOffset, dictionaryPageOffset, min, max, encoding) = EncodePages(pages, output);
        var meta = new ColumnChunkMeta(Column, start, dataPageOffset, dictionaryPageOffset, pages.Compressed, pages.Uncompressed, Rows, NullCount, min, max, encoding, pages.Compresses);
        Rows = 0;
        NullCount = 0;
        _mixed = false;
        Reset();
        return meta;
    }

    /// <summary>Writes the chunk's pages; returns where they start in <paramref name="output"/>, the values' min and max (PLAIN bytes) and the data page's encoding (<see cref="ParquetEncodings"/>).</summary>
    private protected abstract (long DataPageOffset, long? DictionaryPageOffset, byte[]? Min, byte[]? Max, int Encoding) EncodePages(PageEncoder pages, ByteBuffer output);

    /// <summary>Empties the subclass's state for the next chunk.</summary>
    /// <summary>About how many bytes the chunk's values take before compression (eight a row unless a column knows better).</summary>
    private protected virtual long BufferedBytes => Rows * 8L;

    private protected virtual void Reset()
    {
    }

    /// <summary>
    /// Writes a dictionary-encoded chunk's pages: the dictionary page of <paramref name="entries"/> values (their PLAIN
    /// bytes already in the page encoder's body), then a data page of the rows' entry <paramref name="indices"/> (their
    /// bit width in a byte, then the RLE / bit-packing hybrid); returns where each page starts in <paramref name="output"/>.
    /// </summary>
    private protected (long DictionaryPage, long DataPage) WriteDictionaryPages(PageEncoder pages, ByteBuffer output, int entries, ReadOnlySpan<int> indices)
    {
        long dictionaryPage = output.Length;
        pages.WriteDictionaryPage(output, entries);
        BeginDataPage(pages);
        int bitWidth = RleHybridEncoder.BitWidth(entries - 1);
        pages.Body.WriteByte((byte)bitWidth);
        RleHybridEncoder.Encode(indices, bitWidth, pages.Body);
        long dataPage = output.Length;
        pages.WriteDataPage(output, Rows, ParquetEncodings.RleDictionary);
        return (dictionaryPage, dataPage);
    }

    /// <summary>Starts a data page body: the definition levels (nullable columns only), length-prefixed.</summary>
    private protected void BeginDataPage(PageEncoder pages)
    {
        var body = pages.Body;
        body.Clear();
        if (!_nullable)
            return;
        int at = body.Length;
        body.WriteInt32(0);
        if (_mixed)
        {
            RleHybridEncoder.Encode<byte>(_levels.AsSpan(0, Rows), 1, body);
        }
        else if (Rows > 0)
        {
            // One RLE run: the count, then the level in a byte.
            body.WriteVarint((ulong)Rows << 1);
            body.WriteByte(NullCount == 0 ? (byte)1 : (byte)0);
        }

        body.PatchInt32(at, body.Length - at - 4);
    }

    private void AddNullSlow()
    {
        if (!_nullable)
            throw new InvalidOperationException($"column {Column.Name} is not nullable");
        if (!_mixed)
            Mix(1);
        Level(0);
        Rows++;
        NullCount++;
    }

    private void DefinedSlow()
    {
        if (!_mixed)
            Mix(0);
        Level(1);
        Rows++;
    }

    // The rows so far all had this level; from now on each row's is stored.
    private void Mix(byte level)
    {
        if (_levels.Length <= Rows)
            Array.Resize(ref _levels, Math.Max(Rows + 1, _levels.Length * 2));
        _levels.AsSpan(0, Rows).Fill(level);
        _mixed = true;
    }

    private void Level(byte level)
    {
        if (Rows == _levels.Length)
            Array.Resize(ref _levels, _levels.Length * 2);
        _levels[Rows] = level;
    }
}
