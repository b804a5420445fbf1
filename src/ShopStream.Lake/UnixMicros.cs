namespace ShopStream.Lake;

/// <summary>
/// Times as the lake stores them, in DuckDB and in Parquet: microseconds since 1970-01-01 UTC, sub-microsecond ticks
/// truncated toward zero (as DuckDB's appender does). One rule for every writer, so that times written by different
/// paths compare as equal (silver's session starts against its event times).
/// </summary>
public static class UnixMicros
{
    /// <summary>The microseconds of a UTC instant given as <see cref="DateTime.Ticks"/>.</summary>
    public static long FromTicks(long utcTicks) => (utcTicks - DateTime.UnixEpoch.Ticks) / 10;
}
