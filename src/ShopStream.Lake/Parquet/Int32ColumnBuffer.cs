namespace ShopStream.Lake.Parquet;

/// <summary>An INT32 column (INTEGER, dates as days since 1970), DELTA_BINARY_PACKED encoded.</summary>
public sealed class Int32ColumnBuffer : NumberColumnBuffer<int>
{
    internal Int32ColumnBuffer(ParquetColumn column, int capacity)
        : base(column, capacity)
    {
    }

    public void AddDate(DateOnly date) => Add(date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber);
}
