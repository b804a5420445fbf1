namespace ShopStream.Core.Text;

/// <summary>
/// Strings in Unicode code point order: the order of their UTF-8 bytes, and of SQL's binary orders (DuckDB,
/// PostgreSQL's C collation), so that SPEC's "ties to the smallest value" and the outputs' sort orders agree with SQL
/// over the same data. .NET's ordinal order compares UTF-16 units, in which a character beyond U+FFFF (an emoji,
/// stored as surrogates U+D800-U+DFFF) sorts before U+E000-U+FFFF (full-width letters, say): a brand "🙂" won a tie
/// against "Ａ" that SQL gives to "Ａ".
/// </summary>
public static class CodePointOrder
{
    public static IComparer<string> Comparer { get; } = Comparer<string>.Create(Compare);

    public static int Compare(string? a, string? b)
    {
        if (ReferenceEquals(a, b))
            return 0;
        if (a is null)
            return -1;
        if (b is null)
            return 1;
        int common = a.AsSpan().CommonPrefixLength(b);
        if (common == Math.Min(a.Length, b.Length))
            return a.Length.CompareTo(b.Length);
        return Rank(a[common]).CompareTo(Rank(b[common]));
    }

    // Surrogates after every other UTF-16 unit, as the code points they make come after U+FFFF; the rest keep their order.
    private static int Rank(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
}
