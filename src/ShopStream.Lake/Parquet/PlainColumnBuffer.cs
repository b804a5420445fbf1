using System.Numerics;
using System.Runtime.InteropServices;

namespace ShopStream.Lake.Parquet;

/// <summary>A fixed-width number column (INT32, INT64), PLAIN encoded: the values' little-endian bytes as they lie in memory.</summary>
public abstract class PlainColumnBuffer<T> : ColumnBuffer
    where T : unmanaged, INumber<T>, IMinMaxValue<T>
{
    private T[] _values;
    private T _min = T.MaxValue;
    private T _max = T.MinValue;

    private protected PlainColumnBuffer(ParquetColumn column, int capacity)
        : base(column, capacity) => _values = new T[capacity];

    public void Add(T value)
    {
        int n = Values;
        if (n == _values.Length)
            Array.Resize(ref _values, n * 2);
        _values[n] = value;
        _min = T.Min(_min, value);
        _max = T.Max(_max, value);
        Defined();
    }

    private protected override (long, long?, byte[]?, byte[]?, bool) EncodePages(PageEncoder pages, ByteBuffer output)
    {
        BeginDataPage(pages);
        int n = Values;
        var body = pages.Body;
        var bytes = MemoryMarshal.AsBytes(_values.AsSpan(0, n));
        bytes.CopyTo(body.GetSpan(bytes.Length));
        body.Advance(bytes.Length);
        long dataPage = output.Length;
        pages.WriteDataPage(output, Rows, PlainEncoding);
        return (dataPage, null, n > 0 ? Plain(_min) : null, n > 0 ? Plain(_max) : null, false);
    }

    private protected override void Reset()
    {
        _min = T.MaxValue;
        _max = T.MinValue;
    }

    private static byte[] Plain(T value) => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();
}
