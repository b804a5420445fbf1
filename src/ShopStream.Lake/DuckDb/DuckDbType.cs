namespace ShopStream.Lake.DuckDb;

/// <summary>duckdb_type: a column's physical type id, as in duckdb.h.</summary>
public enum DuckDbType
{
    Invalid = 0,
    Boolean = 1,
    TinyInt = 2,
    SmallInt = 3,
    Integer = 4,
    BigInt = 5,
    UTinyInt = 6,
    USmallInt = 7,
    UInteger = 8,
    UBigInt = 9,
    Float = 10,
    Double = 11,
    /// <summary>Microseconds since the epoch, no time zone.</summary>
    Timestamp = 12,
    /// <summary>Days since 1970-01-01.</summary>
    Date = 13,
    Time = 14,
    Interval = 15,
    HugeInt = 16,
    Varchar = 17,
    Blob = 18,
    Decimal = 19,
    TimestampS = 20,
    TimestampMs = 21,
    TimestampNs = 22,
    Enum = 23,
    List = 24,
    Struct = 25,
    Map = 26,
    Uuid = 27,
    Union = 28,
    Bit = 29,
    TimeTz = 30,
    /// <summary>Microseconds since the epoch, an instant (UTC).</summary>
    TimestampTz = 31,
    UHugeInt = 32,
    Array = 33,
}
