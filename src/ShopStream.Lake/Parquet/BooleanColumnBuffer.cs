namespace ShopStream.Lake.Parquet;

/// <summary>A BOOLEAN column, PLAIN encoded (one bit per value, LSB first).</summary>
public sealed class BooleanColumnBuffer : ColumnBuffer
{
    private bool[] _values;
    private bool _anyFalse;
    private bool _anyTrue;

    internal BooleanColumnBuffer(ParquetColumn column, int capacity)
        : base(column, capacity) => _values = new bool[capacity];

    public void Add(bool value)
    {
        int n = Values;
        if (n == _values.Length)
            Array.Resize(ref _values, n * 2);
        _values[n] = value;
        _anyTrue |= value;
        _anyFalse |= !value;
        Defined();
    }

    private protected override (long, long?, byte[]?, byte[]?, int) EncodePages(PageEncoder pages, ByteBuffer output)
    {
        BeginDataPage(pages);
        int n = Values;
        var body = pages.Body;
        var bits = body.GetSpan((n + 7) / 8);
        bits[..((n + 7) / 8)].Clear();
        for (int i = 0; i < n; i++)
        {
            if (_values[i])
                bits[i >> 3] |= (byte)(1 << (i & 7));
        }

        body.Advance((n + 7) / 8);
        long dataPage = output.Length;
        pages.WriteDataPage(output, Rows, ParquetEncodings.Plain);
        byte[]? min = n > 0 ? [_anyFalse ? (byte)0 : (byte)1] : null;
        byte[]? max = n > 0 ? [_anyTrue ? (byte)1 : (byte)0] : null;
        return (dataPage, null, min, max, ParquetEncodings.Plain);
    }

    private protected override void Reset()
    {
        _anyFalse = false;
        _anyTrue = false;
    }
}
