namespace ShopStream.Lake.DuckDb;

/// <summary>A column type for building chunks: a plain type, or a DECIMAL with its width and scale.</summary>
public readonly record struct DuckDbColumnType(DuckDbType Type, byte Width = 0, byte Scale = 0)
{
    public static DuckDbColumnType Decimal(byte width, byte scale) => new(DuckDbType.Decimal, width, scale);

    public static implicit operator DuckDbColumnType(DuckDbType type) => new(type);

    /// <summary>A new duckdb_logical_type the caller destroys.</summary>
    internal IntPtr CreateLogicalType() => Type == DuckDbType.Decimal ? DuckDbNative.duckdb_create_decimal_type(Width, Scale) : DuckDbNative.duckdb_create_logical_type(Type);
}
