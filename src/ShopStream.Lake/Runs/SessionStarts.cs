using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ShopStream.Core.Processing;

namespace ShopStream.Lake.Runs;

/// <summary>
/// Every user's session starts, sorted, to give each silver event its session: its user's last session starting at or
/// before it. A run's sessions of one user never overlap (those a late event split are joined), so that is the
/// session whose range holds the event, found without reading ends. Times are Parquet's microseconds, compared as the
/// lake stores them.
/// </summary>
/// <remarks>
/// Silver's events come in time order, their users at random, so each lookup is a cache miss in a table of every
/// user: one entry per user (open addressing, linear probing, at most five eighths full) holds its first start inline, which
/// is the answer for most (a million events have about 450,000 users and 500,000 sessions), and where the others'
/// starts are. <see cref="Prefetch"/> loads an entry ahead of its lookup. The pipeline's <c>UserIndex</c> before it
/// took three misses a lookup (index, first, starts): 0.2 s of one thread for a million events, the end of the run.
/// </remarks>
internal sealed class SessionStarts
{
    // Count 0 is an empty entry; a user has at least one session.
    private struct Entry
    {
        public long User;
        public long FirstStart;
        public int First;
        public int Count;
    }

    // Users' entries are stored this many users after they end, their home slot loaded meanwhile: each is a cache
    // miss in a table of every user (5M events: 467 of 18,500 perf samples, stored at once).
    private const int StoreBehind = 8;

    // The entries, over memory that may have held something else before (the writer's fingerprints, see the constructor).
    private readonly UInt128[] _memory;
    private readonly int _length;
    private readonly int _shift;
    private readonly long[] _starts;

    // The last StoreBehind users ended, by _endedCount modulo StoreBehind, not yet stored.
    private readonly Entry[] _ended = new Entry[StoreBehind];
    private int _count;
    private int _first;
    private readonly long _announcedUsers;
    private int _users;
    private long _user;
    private int _endedCount;

    /// <summary>
    /// An empty index for the run's <paramref name="users"/> users and <paramref name="sessions"/> sessions, which
    /// <see cref="Add"/> then takes one by one, in the run's order, straight from gold's rows: sized at once, and no
    /// copy of every session's user and start to sort (at 5M events those arrays, grown by doubling, were 100 MB).
    /// </summary>
    /// <param name="spare">
    /// An array no longer used, to hold the table if it is large enough: the lake writer's set of fingerprints, done
    /// with once the run has read everything, is larger than this table (16 bytes a slot for each event against 24 an
    /// entry for about every other user), and memory already touched costs no page faults or zeroing by the kernel:
    /// a VM pays for each new page (1M events: 25 MB of 32; 5M: 100 MB of 134).
    /// </param>
    public SessionStarts(long users, long sessions, UInt128[]? spare = null)
    {
        // At most five eighths full: 2.25M users (5M events) then take 4M entries, 100 MB, which the fingerprints' 134
        // MB can hold, where "half" rounded up to 8M entries. A new array goes on huge pages (silver's lookups land at
        // random: tens of megabytes at a million users would miss the TLB at nearly every one). Zeroed by writing
        // before any entry is probed: a probe reading a page the process has never touched maps the shared zero page,
        // and the write after it copies the page and flushes the other core's TLB (an interrupt, slow in a VM).
        _announcedUsers = users;
        int least = checked((int)(((users * 8) + 4) / 5));
        _length = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, least));
        long words = (long)_length * Unsafe.SizeOf<Entry>() / Unsafe.SizeOf<UInt128>();
        if (spare is not null && spare.Length >= words)
        {
            _memory = spare;
        }
        else
        {
            _memory = GC.AllocateUninitializedArray<UInt128>(checked((int)words));
            HugePages.Advise(_memory);
        }

        Entries.Clear();
        _shift = 64 - BitOperations.Log2((uint)_length);
        _starts = new long[checked((int)sessions)];
    }

    /// <summary>The next session (start in microseconds), in the run's order: by user, then start.</summary>
    /// <exception cref="InvalidOperationException">Out of that order, or more sessions than announced.</exception>
    public void Add(long user, long micros)
    {
        if (_count == _starts.Length)
            throw new InvalidOperationException($"more than the {_starts.Length} sessions announced");
        if (_count > _first && user != _user)
        {
            if (user < _user)
                throw new InvalidOperationException($"sessions out of order: user {user} after user {_user}");
            EndUser();
        }
        else if (_count > _first && micros < _starts[_count - 1])
        {
            throw new InvalidOperationException($"sessions out of order: user {user}'s start {micros} after {_starts[_count - 1]}");
        }

        _user = user;
        _starts[_count++] = micros;
    }

    /// <summary>Every session has come (before the first lookup).</summary>
    public void Complete()
    {
        if (_count > _first)
            EndUser();
        for (int i = Math.Max(0, _endedCount - StoreBehind); i < _endedCount; i++)
            Store(_ended[i % StoreBehind]);
        _endedCount = 0;
    }

    /// <summary>Starts loading <paramref name="user"/>'s entry, for a lookup a few events later.</summary>
    public void Prefetch(long user) => CacheLine.Prefetch(ref Entries[Home(user)]);

    /// <summary>The start (microseconds) of <paramref name="user"/>'s last session starting at or before <paramref name="micros"/>; false when there is none.</summary>
    public bool TryFind(long user, long micros, out long start)
    {
        start = 0;
        var entries = Entries;
        int mask = entries.Length - 1;
        for (int i = Home(user); ; i = (i + 1) & mask)
        {
            ref readonly var e = ref entries[i];
            if (e.Count == 0)
                return false;
            if (e.User != user)
                continue;
            if (micros < e.FirstStart)
                return false;
            start = e.Count == 1 ? e.FirstStart : LastAtOrBefore(_starts.AsSpan(e.First, e.Count), micros);
            return true;
        }
    }

    // The last of the sorted starts at or before micros; the first is (checked by the caller).
    private static long LastAtOrBefore(ReadOnlySpan<long> starts, long micros)
    {
        int lo = 1, hi = starts.Length - 1, found = 0;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= micros)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return starts[found];
    }

    // The open user's sessions are all in: its entry, stored once StoreBehind more users have ended.
    private void EndUser()
    {
        if (++_users > _announcedUsers)
            throw new InvalidOperationException($"more users than the {_announcedUsers} announced");
        ref var slot = ref _ended[_endedCount % StoreBehind];
        if (_endedCount >= StoreBehind)
            Store(slot);
        slot = new Entry { User = _user, FirstStart = _starts[_first], First = _first, Count = _count - _first };
        CacheLine.Prefetch(ref Entries[Home(_user)]);
        _endedCount++;
        _first = _count;
    }

    private void Store(in Entry entry)
    {
        var entries = Entries;
        int mask = _length - 1;
        int i = Home(entry.User);
        while (entries[i].Count != 0)
            i = (i + 1) & mask;
        entries[i] = entry;
    }

    private Span<Entry> Entries => MemoryMarshal.Cast<UInt128, Entry>(_memory.AsSpan())[.._length];

    // Fibonacci hashing: the top bits of the id times 2^64 / phi.
    private int Home(long user) => (int)(((ulong)user * 0x9E3779B97F4A7C15UL) >> _shift);
}
