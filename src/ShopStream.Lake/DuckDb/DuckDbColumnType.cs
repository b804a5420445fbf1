namespace ShopStream.Lake.DuckDb;

/// <summary>A column type for building chunks: a plain type, or a DECIMAL with its width and scale.</summary>
public readonly record struct DuckDbColumnType(DuckDbType Type, byte Width = 0, byte Scale = 0)
{
    public static DuckDbColumnType Decimal(byte width, byte scale) => new(DuckDbType.Decimal, width, scale);

    public static implicit operator DuckDbColumnType(DuckDbType type) => new(type);
}
