namespace ShopStream.Lake.Parquet;

/// <summary>An INT64 column (BIGINT, timestamps in microseconds, decimals unscaled), DELTA_BINARY_PACKED encoded.</summary>
public sealed class Int64ColumnBuffer : NumberColumnBuffer<long>
{
    internal Int64ColumnBuffer(ParquetColumn column, int capacity)
        : base(column, capacity)
    {
    }

    /// <summary>A UTC instant as <see cref="DateTime.Ticks"/>, stored as <see cref="UnixMicros"/>.</summary>
    public void AddTicks(long utcTicks) => Add(UnixMicros.FromTicks(utcTicks));

    /// <summary>A decimal rounded half away from zero to the column's scale, stored unscaled.</summary>
    public void AddDecimal(decimal value) => Add(DecimalScaling.Unscaled(value, Column.Scale));
}
