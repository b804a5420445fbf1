namespace ShopStream.Lake.Parquet;

/// <summary>The column types the lake writes (its Delta types), each with one Parquet physical and logical type.</summary>
public enum ParquetColumnKind
{
    /// <summary>BYTE_ARRAY, STRING (UTF-8): DuckDB's VARCHAR.</summary>
    String,

    /// <summary>INT64: BIGINT.</summary>
    Int64,

    /// <summary>INT32: INTEGER.</summary>
    Int32,

    /// <summary>BOOLEAN.</summary>
    Boolean,

    /// <summary>INT64 microseconds since 1970, TIMESTAMP(isAdjustedToUTC, MICROS): TIMESTAMP WITH TIME ZONE.</summary>
    Timestamp,

    /// <summary>INT32 days since 1970-01-01, DATE.</summary>
    Date,

    /// <summary>INT64 unscaled, DECIMAL(precision, scale), precision 10 to 18.</summary>
    Decimal,
}
