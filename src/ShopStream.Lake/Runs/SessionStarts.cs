using System.Numerics;
using ShopStream.Core.Processing;

namespace ShopStream.Lake.Runs;

/// <summary>
/// Every user's session starts, sorted, to give each silver event its session: its user's last session starting at or
/// before it. Sessions can overlap (an event later than the allowed disorder opens a session inside one already
/// closed), so "the last start at or before" is the rule, not "the session whose range holds the event". Times are
/// Parquet's microseconds, compared as the lake stores them.
/// </summary>
/// <remarks>
/// Silver's events come in time order, their users at random, so each lookup is a cache miss in a table of every
/// user: one entry per user (open addressing, linear probing, at most half full) holds its first start inline, which
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

    private readonly Entry[] _entries;
    private readonly int _shift;
    private readonly long[] _starts;

    private SessionStarts(Entry[] entries, long[] starts)
    {
        _entries = entries;
        _shift = 64 - BitOperations.Log2((uint)entries.Length);
        _starts = starts;
    }

    /// <summary>An index of the first <paramref name="count"/> (user, start in microseconds) pairs, in any order (the arrays are kept, not copied).</summary>
    public static SessionStarts Of(long[] users, long[] starts, int count)
    {
        var userKeys = users;
        var sortedStarts = starts;
        if (!IsSorted(userKeys, sortedStarts, count))
        {
            // The run gives sessions by user and start already; this only guards against a change of that order.
            var order = Enumerable.Range(0, count).ToArray();
            Array.Sort(order, (a, b) => users[a] != users[b] ? users[a].CompareTo(users[b]) : starts[a].CompareTo(starts[b]));
            userKeys = [.. order.Select(i => users[i])];
            sortedStarts = [.. order.Select(i => starts[i])];
        }

        int distinct = 0;
        for (int i = 0; i < count; i++)
        {
            if (i == 0 || userKeys[i] != userKeys[i - 1])
                distinct++;
        }

        // On huge pages (silver's lookups land at random: tens of megabytes at a million users would miss the TLB at
        // nearly every one), zeroed by writing before any entry is probed: a probe reading a page the process has never
        // touched maps the shared zero page, and the write after it copies the page and flushes the other core's TLB
        // (an interrupt, slow in a VM).
        var entries = GC.AllocateUninitializedArray<Entry>((int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, distinct * 2)));
        HugePages.Advise(entries);
        entries.AsSpan().Clear();
        var index = new SessionStarts(entries, sortedStarts);
        for (int i = 0; i < count;)
        {
            int first = i;
            long user = userKeys[i];
            while (i < count && userKeys[i] == user)
                i++;
            index.Add(user, first, i - first);
        }

        return index;
    }

    /// <summary>Starts loading <paramref name="user"/>'s entry, for a lookup a few events later.</summary>
    public void Prefetch(long user) => CacheLine.Prefetch(ref _entries[Home(user)]);

    /// <summary>The start (microseconds) of <paramref name="user"/>'s last session starting at or before <paramref name="micros"/>; false when there is none.</summary>
    public bool TryFind(long user, long micros, out long start)
    {
        start = 0;
        var entries = _entries;
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

    private void Add(long user, int first, int count)
    {
        int mask = _entries.Length - 1;
        int i = Home(user);
        while (_entries[i].Count != 0)
            i = (i + 1) & mask;
        _entries[i] = new Entry { User = user, FirstStart = _starts[first], First = first, Count = count };
    }

    // Fibonacci hashing: the top bits of the id times 2^64 / phi.
    private int Home(long user) => (int)(((ulong)user * 0x9E3779B97F4A7C15UL) >> _shift);

    private static bool IsSorted(long[] users, long[] starts, int count)
    {
        for (int i = 1; i < count; i++)
        {
            if (users[i] < users[i - 1] || (users[i] == users[i - 1] && starts[i] < starts[i - 1]))
                return false;
        }

        return true;
    }
}
