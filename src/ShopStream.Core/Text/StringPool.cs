using System.Text;

namespace ShopStream.Core.Text;

/// <summary>
/// Interns low-cardinality UTF-8 values (brands, category codes, countries) so parsing a record allocates
/// only the first time a value is seen. Not thread-safe: one pool per parser.
/// </summary>
public sealed class StringPool
{
    private const int MaxPooledChars = 256;
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _strings.Count;

    /// <summary>The shared instance for <paramref name="utf8"/> (which must be valid UTF-8); null for an empty value.</summary>
    public string? Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
            return null;
        if (utf8.Length > MaxPooledChars)
            return Encoding.UTF8.GetString(utf8); // rare, long values are not worth pooling

        Span<char> chars = stackalloc char[MaxPooledChars];
        int n = Encoding.UTF8.GetChars(utf8, chars);
        return Intern(chars[..n]);
    }

    public string? Intern(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
            return null;
        if (_lookup.TryGetValue(value, out var existing))
            return existing;
        var s = value.ToString();
        _strings.Add(s);
        return s;
    }
}
