namespace ShopStream.Core.Processing.Profiles;

/// <summary>
/// A set of longs for one user's viewed products: the first two live inline (most users view one or two
/// products, so they cost no allocation), then a short array, then a hash set once it grows past that.
/// </summary>
internal partial struct SmallLongSet
{
    private const int ArrayLimit = 8;
    private long _a;
    private long _b;
    private int _count;
    private long[]? _items;
    private HashSet<long>? _set;

    public readonly int Count => _set?.Count ?? _count;

    public void Add(long value)
    {
        if (_set is not null)
        {
            _set.Add(value);
            return;
        }

        switch (_count)
        {
            case 0:
                _a = value;
                _count = 1;
                return;
            case 1:
                if (_a != value)
                {
                    _b = value;
                    _count = 2;
                }

                return;
            case 2:
                if (_a == value || _b == value)
                    return;
                _items = new long[ArrayLimit];
                _items[0] = _a;
                _items[1] = _b;
                _items[2] = value;
                _count = 3;
                return;
        }

        if (_items.AsSpan(0, _count).Contains(value))
            return;
        if (_count == ArrayLimit)
        {
            _set = [.. _items!, value];
            _items = null;
            return;
        }

        _items![_count++] = value;
    }

    /// <summary>Adds every member of <paramref name="other"/> (the union of a user's views from two stretches of the stream).</summary>
    public void UnionWith(in SmallLongSet other)
    {
        if (other._set is not null)
        {
            foreach (long v in other._set)
                Add(v);
            return;
        }

        if (other._count > 2)
        {
            foreach (long v in other._items.AsSpan(0, other._count))
                Add(v);
            return;
        }

        if (other._count > 0)
            Add(other._a);
        if (other._count > 1)
            Add(other._b);
    }
}
