using System.Numerics;
using System.Runtime.InteropServices;

namespace ShopStream.Lake.Parquet;

/// <summary>
/// A fixed-width number column (INT32, INT64), DELTA_BINARY_PACKED encoded (<see cref="DeltaBinaryPacked"/>), or
/// RLE_DICTIONARY where the writer asks (<see cref="PreferDictionary"/>); its min and max are found when the chunk is
/// encoded, in one pass, rather than compared on every value added.
/// </summary>
public abstract class NumberColumnBuffer<T> : ColumnBuffer
    where T : unmanaged, INumber<T>, IMinMaxValue<T>
{
    // A dictionary page of this many 8-byte values is 512 KiB; more distinct values than that are not "few".
    private const int MaxDictionaryEntries = 1 << 16;

    private T[] _values;
    private long[] _widened = [];
    private Int64Dictionary? _dictionary;

    private protected NumberColumnBuffer(ParquetColumn column, int capacity)
        : base(column, capacity) => _values = new T[capacity];

    public void Add(T value)
    {
        int n = Values;
        if (n == _values.Length)
            Array.Resize(ref _values, n * 2);
        _values[n] = value;
        Defined();
    }

    /// <summary>
    /// Room for <paramref name="count"/> more values, counted as added: the caller writes them into the span before
    /// anything else is added (a column filled a run of rows at a time, without a call and checks per value).
    /// </summary>
    public Span<T> Append(int count)
    {
        int n = Values;
        if (n + count > _values.Length)
            Array.Resize(ref _values, Math.Max(n + count, _values.Length * 2));
        Defined(count);
        return _values.AsSpan(n, count);
    }

    /// <summary>
    /// Writes a chunk with few distinct values RLE_DICTIONARY (a dictionary page of the values, then their indices
    /// bit-packed) instead of DELTA_BINARY_PACKED: for ids that repeat but are far apart, such as category ids (19
    /// digits, about 700 of them in REES46: 10 bits a value in place of the 60 or so their differences take). A chunk
    /// with more than one distinct value in eight is written DELTA_BINARY_PACKED still. INT64 columns only.
    /// </summary>
    public void PreferDictionary()
    {
        if (typeof(T) != typeof(long))
            throw new NotSupportedException($"column {Column.Name}: only INT64 columns are dictionary encoded");
        _dictionary ??= new Int64Dictionary();
    }

    private protected override (long, long?, byte[]?, byte[]?, int) EncodePages(PageEncoder pages, ByteBuffer output)
    {
        var values = _values.AsSpan(0, Values);
        if (_dictionary is { } dictionary && !values.IsEmpty
            && dictionary.TryBuild(MemoryMarshal.Cast<T, long>(values), Math.Min(values.Length / 8, MaxDictionaryEntries)))
        {
            return EncodeDictionary(dictionary, values, pages, output);
        }

        BeginDataPage(pages);
        if (typeof(T) == typeof(long))
            DeltaBinaryPacked.Encode(MemoryMarshal.Cast<T, long>(values), 64, pages.Body);
        else
            DeltaBinaryPacked.Encode(Widened(MemoryMarshal.Cast<T, int>(values)), 32, pages.Body);
        long dataPage = output.Length;
        pages.WriteDataPage(output, Rows, ParquetEncodings.DeltaBinaryPacked);
        if (values.IsEmpty)
            return (dataPage, null, null, null, ParquetEncodings.DeltaBinaryPacked);
        var (min, max) = MinMax(values);
        return (dataPage, null, Plain(min), Plain(max), ParquetEncodings.DeltaBinaryPacked);
    }

    // The dictionary page (the values PLAIN), then a data page of the rows' indices.
    private (long, long?, byte[]?, byte[]?, int) EncodeDictionary(Int64Dictionary dictionary, ReadOnlySpan<T> values, PageEncoder pages, ByteBuffer output)
    {
        pages.Body.Clear();
        pages.Body.Write(MemoryMarshal.AsBytes(dictionary.Entries));
        var (dictionaryPage, dataPage) = WriteDictionaryPages(pages, output, dictionary.Count, dictionary.Indices(values.Length));
        var (min, max) = MinMax(values);
        return (dataPage, dictionaryPage, Plain(min), Plain(max), ParquetEncodings.RleDictionary);
    }

    // INT32 values sign-extended, in a buffer kept for the next chunk.
    private ReadOnlySpan<long> Widened(ReadOnlySpan<int> values)
    {
        if (_widened.Length < values.Length)
            _widened = new long[values.Length];
        var widened = _widened.AsSpan(0, values.Length);
        for (int i = 0; i < values.Length; i++)
            widened[i] = values[i];
        return widened;
    }

    private static (T Min, T Max) MinMax(ReadOnlySpan<T> values)
    {
        T min = T.MaxValue, max = T.MinValue;
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= 2 * Vector<T>.Count)
        {
            var vectors = MemoryMarshal.Cast<T, Vector<T>>(values);
            Vector<T> vmin = vectors[0], vmax = vectors[0];
            foreach (var v in vectors[1..])
            {
                vmin = Vector.Min(vmin, v);
                vmax = Vector.Max(vmax, v);
            }

            for (int k = 0; k < Vector<T>.Count; k++)
            {
                min = T.Min(min, vmin[k]);
                max = T.Max(max, vmax[k]);
            }

            i = vectors.Length * Vector<T>.Count;
        }

        for (; i < values.Length; i++)
        {
            min = T.Min(min, values[i]);
            max = T.Max(max, values[i]);
        }

        return (min, max);
    }

    private static byte[] Plain(T value) => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();
}
