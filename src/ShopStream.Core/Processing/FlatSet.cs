using System.Numerics;
using System.Runtime.CompilerServices;

namespace ShopStream.Core.Processing;

/// <summary>
/// A set of integers in one flat array (open addressing, linear probing, at most three quarters full): no entry
/// objects, bucket array or stored hash codes, so a probe touches one cache line where a <c>HashSet</c> touches two.
/// Holds dedup's 128-bit fingerprints (<c>FlatSet&lt;UInt128&gt;</c>) and the windows' user ids
/// (<c>FlatSet&lt;long&gt;</c>). Zero marks an empty slot, so that value is kept aside in a flag.
/// </summary>
internal sealed class FlatSet<T>
    where T : unmanaged, IBinaryInteger<T>
{
    private const int MinCapacity = 16;
    private T[] _slots;
    private int _shift;
    private int _used;
    private bool _hasZero;
    private readonly bool _pinned;

    /// <param name="capacity">Values it takes before growing: its array is allocated once at that size.</param>
    /// <param name="pinned">For a set that lives long (dedup's, for the 48 h horizon): its arrays go to the pinned
    /// object heap, which no gen0 or gen1 collection copies, instead of being copied into gen1 and again into gen2.</param>
    public FlatSet(int capacity = 0, bool pinned = false)
    {
        _pinned = pinned;
        int length = MinCapacity;
        while (length * 3 / 4 < capacity)
            length *= 2;
        _slots = NewSlots(length);
        _shift = 64 - BitOperations.Log2((uint)length);
    }

    public int Count => _used + (_hasZero ? 1 : 0);

    /// <summary>Adds the value; false when it was there already.</summary>
    public bool Add(T value)
    {
        if (T.IsZero(value))
        {
            bool added = !_hasZero;
            _hasZero = true;
            return added;
        }

        var slots = _slots;
        int mask = slots.Length - 1;
        int i = Slot(value);
        while (true)
        {
            var s = slots[i];
            if (s == value)
                return false;
            if (T.IsZero(s))
                break;
            i = (i + 1) & mask;
        }

        slots[i] = value;
        if (++_used * 4 > slots.Length * 3)
            Grow();
        return true;
    }

    /// <summary>
    /// Starts loading the cache line where <paramref name="value"/>'s probe begins, for an <see cref="Add"/> of it a
    /// little later: a set much larger than the caches (the lake's fingerprints of a whole run) otherwise stalls on a
    /// memory read at nearly every Add. Only a hint: a set that grows in between is probed as usual.
    /// </summary>
    public void Prefetch(T value) => CacheLine.Prefetch(ref _slots[Slot(value)]);

    public void UnionWith(FlatSet<T> other)
    {
        if (other._hasZero)
            Add(T.Zero);
        foreach (var value in other._slots) // the array itself, not the Items iterator: this is per window, per pane
        {
            if (!T.IsZero(value))
                Add(value);
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

    /// <summary>End of input: hands over the (possibly large) array for other use; the set is empty and small after.</summary>
    public T[] Detach()
    {
        var slots = _slots;
        Release();
        return slots;
    }

    /// <summary>End of input: the (possibly large) array is let go.</summary>
    public void Release()
    {
        _slots = NewSlots(MinCapacity);
        _shift = 64 - 4;
        _used = 0;
        _hasZero = false;
    }

    /// <summary>Every value, in slot order.</summary>
    public IEnumerable<T> Items()
    {
        if (_hasZero)
            yield return T.Zero;
        foreach (var value in _slots)
        {
            if (!T.IsZero(value))
                yield return value;
        }
    }

    // Fibonacci hashing of the value's bits (a 128-bit value's halves folded first): the top bits of the product, so
    // values that differ only in high bits still spread. The type test is resolved when the JIT specialises the class.
    private int Slot(T value)
    {
        ulong bits = typeof(T) == typeof(UInt128)
            ? (ulong)(Unsafe.As<T, UInt128>(ref value) >> 64) ^ (ulong)Unsafe.As<T, UInt128>(ref value)
            : ulong.CreateTruncating(value);
        return (int)((bits * 0x9E3779B97F4A7C15UL) >> _shift);
    }

    // A large array (the lake's fingerprints of a whole run, tens of megabytes) on huge pages: it is probed at random,
    // so every 4 KiB page would be faulted in (zeroed, charged, and a TLB shootdown to the other core) and then keep
    // missing the TLB; faults and shootdowns of the lake's set were about 3% of a 1M-event run's samples.
    private T[] NewSlots(int length)
    {
        var slots = _pinned ? GC.AllocateArray<T>(length, pinned: true) : new T[length];
        if ((long)length * Unsafe.SizeOf<T>() >= 4L << 20)
            HugePages.Advise(slots);
        return slots;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = NewSlots(old.Length * 2);
        _shift--;
        int mask = _slots.Length - 1;
        foreach (var value in old)
        {
            if (T.IsZero(value))
                continue;
            int i = Slot(value);
            while (!T.IsZero(_slots[i]))
                i = (i + 1) & mask;
            _slots[i] = value;
        }
    }
}
