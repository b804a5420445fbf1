using System.Runtime.InteropServices;

namespace ShopStream.Core.Processing.Profiles;

/// <summary>
/// The values of a <see cref="TopValueCounter"/> after its inline two, in the order first seen: parallel arrays,
/// then a dictionary once there are many. One object, and only for the few users with three or more.
/// </summary>
internal sealed class TopValueOverflow
{
    private const int ArrayLimit = 14;
    private string[]? _keys = new string[2];
    private int[]? _counts = new int[2];
    private int _count;
    private Dictionary<string, int>? _map;

    public int Count => _map?.Count ?? _count;

    public void Add(string value, int times)
    {
        if (_map is not null)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_map, value, out _) += times;
            return;
        }

        for (int i = 0; i < _count; i++)
        {
            if (TopValueCounter.Same(_keys![i], value))
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

        if (_count == _keys!.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
            Array.Resize(ref _counts, _keys.Length);
        }

        _keys[_count] = value;
        _counts![_count++] = times;
    }

    public void Consider(ref string? best, ref int bestCount)
    {
        if (_map is not null)
        {
            foreach (var (key, count) in _map)
                TopValueCounter.Consider(key, count, ref best, ref bestCount);
            return;
        }

        for (int i = 0; i < _count; i++)
            TopValueCounter.Consider(_keys![i], _counts![i], ref best, ref bestCount);
    }

    /// <summary>Adds these values and counts to <paramref name="counter"/>.</summary>
    public void AddTo(ref TopValueCounter counter)
    {
        foreach (var (key, count) in Entries())
            counter.Add(key, count);
    }

    /// <summary>The values and their counts, in the order first seen.</summary>
    public IEnumerable<KeyValuePair<string, int>> Entries()
    {
        if (_map is not null)
        {
            foreach (var entry in _map)
                yield return entry;
            yield break;
        }

        for (int i = 0; i < _count; i++)
            yield return new(_keys![i], _counts![i]);
    }
}
