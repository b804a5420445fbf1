namespace ShopStream.Core.Processing.Profiles;

/// <summary>
/// One partition's users in memory: each <see cref="UserState"/> lives in place in a slot of fixed-size chunks,
/// found by user id through an index of plain numbers. No object per user, so the collector neither copies users
/// out of the young generation nor marks millions of them; growing adds a chunk (nothing is copied, and a
/// <c>ref</c> to a slot stays valid); a removed user's slot is reused. Queues hold slot numbers, which stay valid
/// until the user is removed (spilled), and a user is only removed when no queue holds it.
/// </summary>
internal sealed class UserTable
{
    // 16,384 users of 264 bytes: about 4 MiB a chunk, so growth is in steps the collector handles once, and a chunk
    // holds one or two whole huge pages (a chunk of 4,096, 1 MiB, seldom held any).
    private const int ChunkShift = 14;
    private const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;

    private readonly UserIndex _slotOf = new();
    private UserState[][] _chunks = [];
    private int _slotsUsed;
    private readonly Stack<int> _free = new();

    public int Count => _slotOf.Count;

    /// <summary>The user in <paramref name="slot"/>, in place.</summary>
    public ref UserState this[int slot] => ref _chunks[slot >> ChunkShift][slot & ChunkMask];

    /// <summary>The user's state in place, added (empty) when the user is new.</summary>
    public ref UserState GetOrAdd(long userId, out int slot)
    {
        slot = SlotFor(userId, out bool added);
        ref var user = ref this[slot];
        if (added)
            user.Begin(userId);
        return ref user;
    }

    public bool TryGetSlot(long userId, out int slot) => _slotOf.TryGet(userId, out slot);

    /// <summary>Adds a whole state (restored from a checkpoint); false when the user is there already.</summary>
    public bool TryAdd(in UserState user, out int slot)
    {
        slot = SlotFor(user.UserId, out bool added);
        if (!added)
        {
            slot = -1;
            return false;
        }

        this[slot] = user;
        return true;
    }

    /// <summary>Drops the user in <paramref name="slot"/> (no queue may hold it any more) and frees the slot, zeroed, for a new user.</summary>
    public void Remove(int slot)
    {
        ref var user = ref this[slot];
        _slotOf.Remove(user.UserId);
        user = default;
        _free.Push(slot);
    }

    /// <summary>The slots in use, in the index's order.</summary>
    public IEnumerable<int> Slots => _slotOf.Pairs().Select(static p => p.Slot);

    /// <summary>The slots in use ordered by user id.</summary>
    public int[] SlotsById()
    {
        var ids = new long[_slotOf.Count];
        var slots = new int[_slotOf.Count];
        int i = 0;
        foreach (var (id, slot) in _slotOf.Pairs())
        {
            ids[i] = id;
            slots[i++] = slot;
        }

        IdOrder.Sort(ids, slots);
        return slots;
    }

    // The user's slot, a new (zeroed) one when the user was not in the table.
    private int SlotFor(long userId, out bool added)
    {
        ref int slotPlusOne = ref _slotOf.GetOrAdd(userId, out bool exists);
        added = !exists;
        if (exists)
            return slotPlusOne - 1;
        int slot = NewSlot();
        slotPlusOne = slot + 1;
        return slot;
    }

    private int NewSlot()
    {
        if (_free.Count > 0)
            return _free.Pop();
        int slot = _slotsUsed++;
        int chunk = slot >> ChunkShift;
        if (chunk == _chunks.Length)
            Array.Resize(ref _chunks, Math.Max(4, _chunks.Length * 2));
        if (_chunks[chunk] is null)
        {
            var users = new UserState[ChunkSize];
            HugePages.Advise(users);
            _chunks[chunk] = users;
        }
        return slot;
    }
}
