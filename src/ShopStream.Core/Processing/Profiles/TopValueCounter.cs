using System.Runtime.InteropServices;

namespace ShopStream.Core.Processing.Profiles;

/// <summary>
/// Counts occurrences of (interned) strings for one user and answers the most frequent one, ties going to the
/// ordinally smallest (SPEC's top category and top brand). The first value lives inline (most users see one
/// category), then parallel arrays, then a dictionary once there are many.
/// </summary>
internal partial struct TopValueCounter
{
    private const int ArrayLimit = 16;
    private string? _first;
    private int _firstCount;
    private string[]? _keys;
    private int[]? _counts;
    private int _count;
    private Dictionary<string, int>? _map;

    public void Add(string? value) => Add(value, 1);

    /// <summary>Adds every value and count of <paramref name="other"/> (merging a user's state from two stretches of the stream).</summary>
    public void AddAll(in TopValueCounter other)
    {
        Add(other._first, other._firstCount);
        if (other._map is not null)
        {
            foreach (var (key, count) in other._map)
                Add(key, count);
            return;
        }

        for (int i = 0; i < other._count; i++)
            Add(other._keys![i], other._counts![i]);
    }

    private void Add(string? value, int times)
    {
        if (value is null)
            return;
        if (_first is null)
        {
            _first = value;
            _firstCount = times;
            return;
        }

        // Values are interned by the parser, so a reference compare nearly always decides.
        if (ReferenceEquals(_first, value) || string.Equals(_first, value, StringComparison.Ordinal))
        {
            _firstCount += times;
            return;
        }

        if (_map is not null)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_map, value, out _) += times;
            return;
        }

        for (int i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_keys![i], value) || string.Equals(_keys[i], value, StringComparison.Ordinal))
            {
                _counts![i] += times;
                return;
            }
        }

        if (_count == ArrayLimit)
        {
            _map = new Dictionary<string, int>(ArrayLimit * 2, StringComparer.Ordinal);
            for (int i = 0; i < _count; i++)
                _map[_keys![i]] = _counts![i];
            _map[value] = times;
            _keys = null;
            _counts = null;
            return;
        }

        if (_keys is null || _count == _keys.Length)
        {
            int size = _keys is null ? 2 : _keys.Length * 2;
            Array.Resize(ref _keys, size);
            Array.Resize(ref _counts, size);
        }

        _keys[_count] = value;
        _counts![_count++] = times;
    }

    public readonly string? Top()
    {
        string? best = _first;
        int bestCount = _firstCount;
        if (_map is not null)
        {
            foreach (var (key, count) in _map)
                Consider(key, count, ref best, ref bestCount);
            return best;
        }

        for (int i = 0; i < _count; i++)
            Consider(_keys![i], _counts![i], ref best, ref bestCount);
        return best;
    }

    private static void Consider(string key, int count, ref string? best, ref int bestCount)
    {
        if (count > bestCount || (count == bestCount && string.CompareOrdinal(key, best) < 0))
        {
            best = key;
            bestCount = count;
        }
    }
}
