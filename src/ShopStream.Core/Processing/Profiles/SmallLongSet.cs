namespace ShopStream.Core.Processing.Profiles;

/// <summary>
/// A set of longs that stays a short array while small (most users view a handful of products) and becomes a
/// hash set when it grows, so a profile costs little memory and adding a seen value never allocates.
/// </summary>
internal struct SmallLongSet
{
    private const int ArrayLimit = 8;
    private long[]? _items;
    private int _count;
    private HashSet<long>? _set;

    public readonly int Count => _set?.Count ?? _count;

    public void Add(long value)
    {
        if (_set is not null)
        {
            _set.Add(value);
            return;
        }

        _items ??= new long[2];
        if (_items.AsSpan(0, _count).Contains(value))
            return;
        if (_count == _items.Length)
        {
            if (_count == ArrayLimit)
            {
                _set = [.. _items, value];
                _items = null;
                return;
            }

            Array.Resize(ref _items, _count * 2);
        }

        _items[_count++] = value;
    }
}
