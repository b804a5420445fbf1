namespace ShopStream.Lake.Parquet;

/// <summary>
/// A chunk's distinct 64-bit values in first-seen order and each value's index among them, for an INT64 column
/// written RLE_DICTIONARY (<see cref="NumberColumnBuffer{T}.PreferDictionary"/>). Open addressing, linear probing, at
/// most half full; reused from one chunk to the next.
/// </summary>
internal sealed class Int64Dictionary
{
    private int[] _slots = new int[1 << 10]; // entry + 1; 0 is empty
    private long[] _entries = new long[1 << 9];
    private int[] _indices = [];

    /// <summary>The distinct values, in first-seen order: the dictionary page.</summary>
    public ReadOnlySpan<long> Entries => _entries.AsSpan(0, Count);

    public int Count { get; private set; }

    /// <summary>Each value's entry, in the order of the values given to <see cref="TryBuild"/>.</summary>
    public ReadOnlySpan<int> Indices(int values) => _indices.AsSpan(0, values);

    /// <summary>Builds the dictionary of <paramref name="values"/>; false (and gives up at once) when it would hold more than <paramref name="maxEntries"/>.</summary>
    public bool TryBuild(ReadOnlySpan<long> values, int maxEntries)
    {
        Clear();
        if (_indices.Length < values.Length)
            _indices = new int[values.Length];
        var indices = _indices;
        for (int i = 0; i < values.Length; i++)
        {
            long value = values[i];
            int mask = _slots.Length - 1;
            int slot = Home(value, mask);
            int entry;
            while (true)
            {
                entry = _slots[slot] - 1;
                if (entry < 0 || _entries[entry] == value)
                    break;
                slot = (slot + 1) & mask;
            }

            if (entry < 0)
            {
                if (Count == maxEntries)
                    return false;
                entry = Add(slot, value);
            }

            indices[i] = entry;
        }

        return true;
    }

    private int Add(int slot, long value)
    {
        if (Count == _entries.Length)
            Array.Resize(ref _entries, Count * 2);
        int entry = Count++;
        _entries[entry] = value;
        _slots[slot] = entry + 1;
        if (Count * 2 > _slots.Length)
            Grow();
        return entry;
    }

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        int mask = _slots.Length - 1;
        for (int e = 0; e < Count; e++)
        {
            int slot = Home(_entries[e], mask);
            while (_slots[slot] != 0)
                slot = (slot + 1) & mask;
            _slots[slot] = e + 1;
        }
    }

    private void Clear()
    {
        if (Count > 0)
            Array.Clear(_slots);
        Count = 0;
    }

    // Fibonacci hashing: ids that differ only in low or only in high bits still spread.
    private static int Home(long value, int mask) => (int)(((ulong)value * 0x9E3779B97F4A7C15UL) >> 40) & mask;
}
