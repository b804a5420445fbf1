namespace ShopStream.Generator.Randomness;

/// <summary>
/// The active sessions by next event time: a 4-ary min-heap of packed keys (second &lt;&lt; 24 | slot), so a step is
/// a few integer compares on one array; ties go to the smaller slot, deterministically.
/// </summary>
internal sealed class SessionHeap
{
    public const int MaxSlots = 1 << SlotBits;
    private const int SlotBits = 24;
    private ulong[] _keys = new ulong[256];

    public int Count { get; private set; }

    public bool TryPeek(out int slot, out long second)
    {
        if (Count == 0)
        {
            slot = 0;
            second = long.MaxValue;
            return false;
        }

        slot = (int)(_keys[0] & (MaxSlots - 1));
        second = (long)(_keys[0] >> SlotBits);
        return true;
    }

    public void Enqueue(int slot, long second)
    {
        if (Count == _keys.Length)
            Array.Resize(ref _keys, Count * 2);
        ulong key = Key(slot, second);
        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            if (_keys[parent] <= key)
                break;
            _keys[i] = _keys[parent];
            i = parent;
        }

        _keys[i] = key;
    }

    /// <summary>Removes the minimum.</summary>
    public void Dequeue()
    {
        ulong last = _keys[--Count];
        if (Count > 0)
            SiftDown(last);
    }

    /// <summary>Replaces the minimum with a new entry (a session's next step).</summary>
    public void ReplaceMin(int slot, long second) => SiftDown(Key(slot, second));

    private void SiftDown(ulong key)
    {
        var keys = _keys;
        int n = Count, i = 0;
        while (true)
        {
            int first = (i << 2) + 1;
            if (first >= n)
                break;
            int min = first;
            ulong minKey = keys[first];
            int end = Math.Min(first + 4, n);
            for (int c = first + 1; c < end; c++)
            {
                if (keys[c] < minKey)
                {
                    minKey = keys[c];
                    min = c;
                }
            }

            if (key <= minKey)
                break;
            keys[i] = minKey;
            i = min;
        }

        keys[i] = key;
    }

    private static ulong Key(int slot, long second) => ((ulong)second << SlotBits) | (uint)slot;
}
