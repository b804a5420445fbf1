using System.Runtime.InteropServices;

namespace ShopStream.Lake.Parquet;

/// <summary>An INT32 column (INTEGER, dates as days since 1970), PLAIN encoded.</summary>
public sealed class Int32ColumnBuffer : ColumnBuffer
{
    private int[] _values;
    private int _min = int.MaxValue;
    private int _max = int.MinValue;

    internal Int32ColumnBuffer(ParquetColumn column, int capacity)
        : base(column, capacity) => _values = new int[capacity];

    public void Add(int value)
    {
        int n = Values;
        if (n == _values.Length)
            Array.Resize(ref _values, n * 2);
        _values[n] = value;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        Defined();
    }

    public void AddDate(DateOnly date) => Add(date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber);

    private protected override (long, long?, byte[]?, byte[]?, bool) EncodePages(PageEncoder pages, ByteBuffer output)
    {
        BeginDataPage(pages);
        int n = Values;
        var body = pages.Body;
        MemoryMarshal.AsBytes(_values.AsSpan(0, n)).CopyTo(body.GetSpan(n * 4));
        body.Advance(n * 4);
        long dataPage = output.Length;
        pages.WriteDataPage(output, Rows, PlainEncoding);
        return (dataPage, null, n > 0 ? BitConverter.GetBytes(_min) : null, n > 0 ? BitConverter.GetBytes(_max) : null, false);
    }

    private protected override void Reset()
    {
        _min = int.MaxValue;
        _max = int.MinValue;
    }
}
