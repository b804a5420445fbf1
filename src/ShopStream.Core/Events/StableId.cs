namespace ShopStream.Core.Events;

/// <summary>
/// Maps a non-numeric source id (a stock code such as "85123A", a string user id) to a stable positive
/// int64, as SPEC allows ("or string id mapped stably"). Mapped ids live in [2^62, 2^63), above any
/// numeric id seen in practice, so they do not collide with ids the sources give as numbers; an anonymous buyer's
/// (<see cref="Anonymous"/>) in [2^61, 2^62), apart from the customers whose ids are strings (they shared the range,
/// and RFM dropped both).
/// </summary>
/// <remarks>
/// Anonymous ids are not told by their range alone: a source may give a customer a numeric id there (a hashed 63-bit
/// id falls in it one time in four). An anonymous id is the MD5 of <c>anonymous:</c> and its invoice, which DuckDB's
/// <c>md5_number</c> computes too, so a gold model recomputes it from the event's order id and leaves out exactly the
/// anonymous buyers (RFM had dropped every customer whose id lay in the range).
/// </remarks>
public static class StableId
{
    public const long MappedBase = 1L << 62;

    public const long AnonymousBase = 1L << 61;

    /// <summary>
    /// The stable id of an anonymous buyer known by <paramref name="key"/> (a UCI invoice without a CustomerID):
    /// 2^61 plus the low 61 bits of the first 8 bytes (little-endian) of MD5("anonymous:" + key), as DuckDB's
    /// <c>2305843009213693952 + CAST(md5_number('anonymous:' || order_id) % 2305843009213693952 AS BIGINT)</c>.
    /// </summary>
    public static long Anonymous(ReadOnlySpan<byte> key)
    {
        const int PrefixLength = 10; // "anonymous:"
        Span<byte> text = key.Length <= 256 ? stackalloc byte[PrefixLength + key.Length] : new byte[PrefixLength + key.Length];
        "anonymous:"u8.CopyTo(text);
        key.CopyTo(text[PrefixLength..]);
        Span<byte> digest = stackalloc byte[System.Security.Cryptography.MD5.HashSizeInBytes];
        System.Security.Cryptography.MD5.HashData(text, digest);
        return AnonymousBase | (long)(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(digest) & (AnonymousBase - 1));
    }

    public static long Of(ReadOnlySpan<byte> text) => Of([], text);

    /// <summary>The stable id of <paramref name="prefix"/> followed by <paramref name="text"/> (a namespaced id).</summary>
    public static long Of(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> text)
    {
        var h = new Fingerprint128(0x53_54_41_42_4C_45UL);
        h.Add(prefix);
        h.Add(text);
        return MappedBase | (long)((ulong)h.Finish() & (MappedBase - 1));
    }
}
