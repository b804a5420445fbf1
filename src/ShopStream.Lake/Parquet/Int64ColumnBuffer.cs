namespace ShopStream.Lake.Parquet;

/// <summary>An INT64 column (BIGINT, timestamps in microseconds, decimals unscaled), PLAIN encoded.</summary>
public sealed class Int64ColumnBuffer : ColumnBuffer
{
    private long[] _values;
    private long _min = long.MaxValue;
    private long _max = long.MinValue;

    internal Int64ColumnBuffer(ParquetColumn column, int capacity)
        : base(column, capacity) => _values = new long[capacity];

    public void Add(long value)
    {
        int n = Values;
        if (n == _values.Length)
            Array.Resize(ref _values, n * 2);
        _values[n] = value;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        Defined();
    }

    /// <summary>A UTC instant as <see cref="DateTime.Ticks"/>, stored as microseconds since 1970 (sub-microsecond ticks truncated toward zero, as DuckDB's appender does).</summary>
    public void AddTicks(long utcTicks) => Add((utcTicks - DateTime.UnixEpoch.Ticks) / 10);

    /// <summary>A decimal rounded half away from zero to the column's scale, stored unscaled.</summary>
    public void AddDecimal(decimal value) => Add(DecimalScaling.Unscaled(value, Column.Scale));

    private protected override (long, long?, byte[]?, byte[]?, bool) EncodePages(PageEncoder pages, ByteBuffer output)
    {
        BeginDataPage(pages);
        int n = Values;
        var body = pages.Body;
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(_values.AsSpan(0, n)).CopyTo(body.GetSpan(n * 8));
        body.Advance(n * 8);
        long dataPage = output.Length;
        pages.WriteDataPage(output, Rows, PlainEncoding);
        return (dataPage, null, n > 0 ? BitConverter.GetBytes(_min) : null, n > 0 ? BitConverter.GetBytes(_max) : null, false);
    }

    private protected override void Reset()
    {
        _min = long.MaxValue;
        _max = long.MinValue;
    }
}
