namespace ShopStream.Core.Processing.Profiles;

/// <summary>
/// A <see cref="UserTable"/>'s user id to slot map: open addressing with linear probing over one array of
/// (id, slot) entries, at most three quarters full, removal by shifting the probe run back (no tombstones). Every
/// event looks its user up here; a <c>Dictionary</c> lookup reads a bucket array and then an entry array, two cache
/// misses in a table of a million users, where this reads one line (the <c>Dictionary</c> took ~8% of a partition's
/// time in a 5M-event run). An id's home is the id modulo a prime, as in <c>Dictionary</c>: shops number new users
/// in sequence, so the users active at one time sit close together in the array (a multiplicative hash that
/// scattered them cost more cache misses than it saved), while ids in strides still spread over the entries.
/// </summary>
internal sealed class UserIndex
{
    private const int MinCapacity = 17;

    // Slot + 1, so that a zeroed entry is an empty one (any id, 0 included, is a valid key).
    private struct Entry
    {
        public long Id;
        public int SlotPlusOne;
    }

    private Entry[] _entries = new Entry[MinCapacity];
    private ulong _modMultiplier = ulong.MaxValue / MinCapacity + 1;

    public int Count { get; private set; }

    /// <summary>
    /// The entry of <paramref name="id"/>, added when new: a reference to its slot + 1 (0 in a new entry, which the
    /// caller sets at once, before anything else changes the index).
    /// </summary>
    public ref int GetOrAdd(long id, out bool exists)
    {
        if ((Count + 1) * 4 > _entries.Length * 3)
            Grow();
        var entries = _entries;
        for (int i = Home(id); ; i = Next(i, entries.Length))
        {
            ref var e = ref entries[i];
            if (e.SlotPlusOne == 0)
            {
                e.Id = id;
                Count++;
                exists = false;
                return ref e.SlotPlusOne;
            }

            if (e.Id == id)
            {
                exists = true;
                return ref e.SlotPlusOne;
            }
        }
    }

    public bool TryGet(long id, out int slot)
    {
        var entries = _entries;
        for (int i = Home(id); ; i = Next(i, entries.Length))
        {
            ref var e = ref entries[i];
            if (e.SlotPlusOne == 0)
            {
                slot = -1;
                return false;
            }

            if (e.Id == id)
            {
                slot = e.SlotPlusOne - 1;
                return true;
            }
        }
    }

    public bool Remove(long id)
    {
        var entries = _entries;
        int hole = Home(id);
        while (entries[hole].Id != id || entries[hole].SlotPlusOne == 0)
        {
            if (entries[hole].SlotPlusOne == 0)
                return false;
            hole = Next(hole, entries.Length);
        }

        // Later entries of the probe run whose home is not between the hole and themselves move back into it, so
        // every entry stays reachable from its home without passing an empty one.
        for (int next = Next(hole, entries.Length); entries[next].SlotPlusOne != 0; next = Next(next, entries.Length))
        {
            int home = Home(entries[next].Id);
            bool stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!stays)
            {
                entries[hole] = entries[next];
                hole = next;
            }
        }

        entries[hole] = default;
        Count--;
        return true;
    }

    /// <summary>Every (id, slot), in the index's own order.</summary>
    public IEnumerable<(long Id, int Slot)> Pairs()
    {
        foreach (var e in _entries)
        {
            if (e.SlotPlusOne != 0)
                yield return (e.Id, e.SlotPlusOne - 1);
        }
    }

    // The id's halves folded, modulo the prime length by multiplication (Lemire's fastmod, as Dictionary does).
    private int Home(long id)
    {
        uint folded = (uint)id ^ (uint)((ulong)id >> 32);
        return (int)(((((_modMultiplier * folded) >> 32) + 1) * (uint)_entries.Length) >> 32);
    }

    private static int Next(int i, int length) => ++i == length ? 0 : i;

    private void Grow()
    {
        var old = _entries;
        _entries = new Entry[NextPrime(old.Length * 2)];
        HugePages.Advise(_entries); // probed at random, tens of megabytes at a million users: TLB misses
        _modMultiplier = ulong.MaxValue / (uint)_entries.Length + 1;
        foreach (var e in old)
        {
            if (e.SlotPlusOne == 0)
                continue;
            int i = Home(e.Id);
            while (_entries[i].SlotPlusOne != 0)
                i = Next(i, _entries.Length);
            _entries[i] = e;
        }
    }

    private static int NextPrime(int atLeast)
    {
        for (int n = atLeast | 1; ; n += 2)
        {
            bool prime = true;
            for (int d = 3; (long)d * d <= n && prime; d += 2)
                prime = n % d != 0;
            if (prime)
                return n;
        }
    }
}
