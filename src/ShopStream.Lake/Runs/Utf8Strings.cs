using System.Runtime.CompilerServices;
using System.Text;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// UTF-8 bytes of strings that repeat as the same instance (the parser's interned category codes, brands and
/// countries, segment and event type names), encoded and numbered once each (<see cref="Utf8Text"/>); bounded in
/// case a source does not intern. One table per thread: it is not thread-safe.
/// </summary>
internal sealed class Utf8Strings
{
    private const int MaxCached = 1 << 16;
    private const int RecentSlots = 1 << 12;

    private readonly Dictionary<string, Utf8Text> _texts = new(ReferenceEqualityComparer.Instance);

    // In front of the dictionary: one text per slot of the string's identity hash, most of the lookups of a run.
    private readonly Utf8Text?[] _recent = new Utf8Text?[RecentSlots];
    private readonly string?[] _recentKeys = new string?[RecentSlots];

    public Utf8Text Of(string value)
    {
        int slot = RuntimeHelpers.GetHashCode(value) & (RecentSlots - 1);
        if (ReferenceEquals(_recentKeys[slot], value))
            return _recent[slot]!;
        if (!_texts.TryGetValue(value, out var text))
        {
            bool keep = _texts.Count < MaxCached;
            text = new Utf8Text(Encoding.UTF8.GetBytes(value), this, keep ? _texts.Count : -1);
            if (!keep)
                return text;
            _texts[value] = text;
        }

        _recentKeys[slot] = value;
        _recent[slot] = text;
        return text;
    }
}
