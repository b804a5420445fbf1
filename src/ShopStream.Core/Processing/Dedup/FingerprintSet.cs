namespace ShopStream.Core.Processing.Dedup;

/// <summary>
/// A set of 128-bit fingerprints in one flat array (open addressing, linear probing): no entry objects, bucket
/// array or stored hash codes, so a probe touches one cache line where <c>HashSet&lt;UInt128&gt;</c> touches two.
/// The all-zero fingerprint marks an empty slot, so it is kept aside in a flag.
/// </summary>
internal sealed class FingerprintSet
{
    private const int MinCapacity = 16;
    private ulong[] _slots = new ulong[2 * MinCapacity]; // (high, low) per slot
    private int _mask = MinCapacity - 1;
    private int _shift = 64 - 4;
    private int _used;
    private bool _hasZero;

    public FingerprintSet(int capacity = 0)
    {
        while (Capacity * 3 / 4 < capacity)
            Grow();
    }

    public int Count => _used + (_hasZero ? 1 : 0);

    private int Capacity => _mask + 1;

    /// <summary>Adds the fingerprint; false when it was there already.</summary>
    public bool Add(UInt128 fingerprint)
    {
        ulong high = (ulong)(fingerprint >> 64), low = (ulong)fingerprint;
        if ((high | low) == 0)
        {
            bool added = !_hasZero;
            _hasZero = true;
            return added;
        }

        var slots = _slots;
        int i = Slot(high, low);
        while (true)
        {
            ulong h = slots[2 * i], l = slots[(2 * i) + 1];
            if (h == high && l == low)
                return false;
            if ((h | l) == 0)
                break;
            i = (i + 1) & _mask;
        }

        slots[2 * i] = high;
        slots[(2 * i) + 1] = low;
        if (++_used > Capacity * 3 / 4)
            Grow();
        return true;
    }

    /// <summary>Empties the set, keeping its array for reuse.</summary>
    public void Clear()
    {
        Array.Clear(_slots);
        _used = 0;
        _hasZero = false;
    }

    /// <summary>Every fingerprint, in slot order.</summary>
    public IEnumerable<UInt128> Items()
    {
        if (_hasZero)
            yield return UInt128.Zero;
        for (int i = 0; i < _slots.Length; i += 2)
        {
            if ((_slots[i] | _slots[i + 1]) != 0)
                yield return new UInt128(_slots[i], _slots[i + 1]);
        }
    }

    // Fibonacci hashing of both halves: fingerprints are hashes already, but this keeps probes short even if
    // their low bits were not uniform.
    private int Slot(ulong high, ulong low) => (int)(((high ^ low) * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        _mask = (_mask << 1) | 1;
        _shift--;
        for (int j = 0; j < old.Length; j += 2)
        {
            ulong high = old[j], low = old[j + 1];
            if ((high | low) == 0)
                continue;
            int i = Slot(high, low);
            while ((_slots[2 * i] | _slots[(2 * i) + 1]) != 0)
                i = (i + 1) & _mask;
            _slots[2 * i] = high;
            _slots[(2 * i) + 1] = low;
        }
    }
}
