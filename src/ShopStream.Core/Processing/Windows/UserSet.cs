namespace ShopStream.Core.Processing.Windows;

/// <summary>
/// A set of user ids in one flat array (open addressing, linear probing): 8 bytes a slot instead of a
/// <c>HashSet&lt;long&gt;</c>'s bucket and 16-byte entry, one cache line a probe, and a union that walks an
/// array. Id 0 marks an empty slot, so that id is kept aside in a flag.
/// </summary>
internal sealed class UserSet
{
    private const int MinCapacity = 16;
    private long[] _slots = new long[MinCapacity];
    private int _shift = 64 - 4;
    private int _used;
    private bool _hasZero;

    public int Count => _used + (_hasZero ? 1 : 0);

    /// <summary>Adds the id; false when it was there already.</summary>
    public bool Add(long user)
    {
        if (user == 0)
        {
            bool added = !_hasZero;
            _hasZero = true;
            return added;
        }

        var slots = _slots;
        int mask = slots.Length - 1;
        int i = Slot(user);
        while (true)
        {
            long s = slots[i];
            if (s == user)
                return false;
            if (s == 0)
                break;
            i = (i + 1) & mask;
        }

        slots[i] = user;
        if (++_used * 4 > slots.Length * 3)
            Grow(); // at most three quarters full: probes stay short
        return true;
    }

    public void UnionWith(UserSet other)
    {
        if (other._hasZero)
            Add(0);
        foreach (long user in other._slots)
        {
            if (user != 0)
                Add(user);
        }
    }

    /// <summary>Empties the set, keeping its array for reuse.</summary>
    public void Clear()
    {
        if (Count == 0)
            return;
        Array.Clear(_slots);
        _used = 0;
        _hasZero = false;
    }

    /// <summary>End of input: the (possibly large) array is let go.</summary>
    public void Release()
    {
        _slots = new long[MinCapacity];
        _shift = 64 - 4;
        _used = 0;
        _hasZero = false;
    }

    /// <summary>Every id, in slot order.</summary>
    public IEnumerable<long> Items()
    {
        if (_hasZero)
            yield return 0;
        foreach (long user in _slots)
        {
            if (user != 0)
                yield return user;
        }
    }

    // Fibonacci hashing: the top bits of the product, so ids that differ only in high bits still spread.
    private int Slot(long user) => (int)(((ulong)user * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Grow()
    {
        var old = _slots;
        _slots = new long[old.Length * 2];
        _shift--;
        int mask = _slots.Length - 1;
        foreach (long user in old)
        {
            if (user == 0)
                continue;
            int i = Slot(user);
            while (_slots[i] != 0)
                i = (i + 1) & mask;
            _slots[i] = user;
        }
    }
}
