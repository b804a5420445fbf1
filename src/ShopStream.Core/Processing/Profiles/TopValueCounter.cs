using ShopStream.Core.Text;

namespace ShopStream.Core.Processing.Profiles;

/// <summary>
/// Counts occurrences of (interned) strings for one user and answers the most frequent one, ties going to the
/// ordinally smallest (SPEC's top category and top brand). The first two values live inline (most users see one
/// or two categories and brands, so they cost no allocation), any more in a <see cref="TopValueOverflow"/>.
/// </summary>
internal partial struct TopValueCounter
{
    private string? _first;
    private string? _second;
    private TopValueOverflow? _more;
    private int _firstCount;
    private int _secondCount;

    public void Add(string? value) => Add(value, 1);

    /// <summary>Adds every value and count of <paramref name="other"/> (merging a user's state from two stretches of the stream).</summary>
    public void AddAll(in TopValueCounter other)
    {
        Add(other._first, other._firstCount);
        Add(other._second, other._secondCount);
        other._more?.AddTo(ref this);
    }

    /// <summary>Adds <paramref name="value"/> <paramref name="times"/> times (null is not counted).</summary>
    public void Add(string? value, int times)
    {
        if (value is null)
            return;
        if (_first is null)
        {
            _first = value;
            _firstCount = times;
        }
        else if (Same(_first, value))
        {
            _firstCount += times;
        }
        else if (_second is null)
        {
            _second = value;
            _secondCount = times;
        }
        else if (Same(_second, value))
        {
            _secondCount += times;
        }
        else
        {
            (_more ??= new TopValueOverflow()).Add(value, times);
        }
    }

    public readonly string? Top()
    {
        string? best = _first;
        int bestCount = _firstCount;
        if (_second is not null)
            Consider(_second, _secondCount, ref best, ref bestCount);
        _more?.Consider(ref best, ref bestCount);
        return best;
    }

    /// <summary>Makes <paramref name="key"/> the best if it has a higher count, or the same count and a smaller value.</summary>
    internal static void Consider(string key, int count, ref string? best, ref int bestCount)
    {
        if (count > bestCount || (count == bestCount && CodePointOrder.Compare(key, best) < 0))
        {
            best = key;
            bestCount = count;
        }
    }

    // Values are interned by the parser, so a reference compare nearly always decides.
    internal static bool Same(string a, string b) => ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.Ordinal);
}
