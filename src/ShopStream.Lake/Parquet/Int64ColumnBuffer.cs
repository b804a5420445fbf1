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
    /// <exception cref="InvalidDataException">It has more digits than the column's precision (a sum of many large
    /// prices in a <c>decimal(18,2)</c> revenue column, say): said with the column's name, not as an overflow.</exception>
    public void AddDecimal(decimal value)
    {
        if (!DecimalScaling.TryUnscaled(value, Column.Precision, Column.Scale, out long unscaled))
            throw new InvalidDataException($"the data lake cannot hold {Column.Name} {value}: its column is decimal({Column.Precision},{Column.Scale}), less than 10^{Column.Precision - Column.Scale} either way");
        Add(unscaled);
    }
}
