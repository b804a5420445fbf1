namespace ShopStream.Core.Events;

/// <summary>
/// Maps a non-numeric source id (a stock code such as "85123A", a string user id) to a stable positive
/// int64, as SPEC allows ("or string id mapped stably"). Mapped ids live in [2^62, 2^63), above any
/// numeric id seen in practice, so they do not collide with ids the sources give as numbers; an anonymous buyer's
/// (<see cref="Anonymous"/>) in [2^61, 2^62), so that models can leave them out without leaving out the customers
/// whose ids are strings (they shared the range, and RFM dropped both).
/// </summary>
public static class StableId
{
    public const long MappedBase = 1L << 62;

    public const long AnonymousBase = 1L << 61;

    /// <summary>The stable id of an anonymous buyer known by <paramref name="key"/> (a UCI invoice without a CustomerID).</summary>
    public static long Anonymous(ReadOnlySpan<byte> key) => AnonymousBase | (Of("anonymous:"u8, key) & (AnonymousBase - 1));

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
