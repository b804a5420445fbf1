namespace ShopStream.Core.Processing.Sessions;

/// <summary>
/// The output order of a partition's closed sessions (user, start, then closing order), as the closing positions
/// in that order: it sorts the user ids with the positions (a radix sort), then orders each user's few sessions by start.
/// Sorting the 56-byte records with 24-byte keys by a comparer moved both at every step; nothing is moved here,
/// and the output reads the records in this order (independent loads, where moving them in place would be a
/// chain of dependent cache misses).
/// </summary>
internal static class ClosedSessionOrder
{
    // Above this many sessions of one user, sort them with a key array rather than by insertion.
    private const int InsertionLimit = 16;

    /// <summary>The positions of <paramref name="sessions"/> (which are in closing order) in output order.</summary>
    /// <param name="gap">The session gap, to tell whether any two sessions of one user lie within it of each other.</param>
    /// <param name="joinable">Whether some user has sessions to join (<see cref="JoinedSessionCursor"/>), found as
    /// each user's sessions are sorted: only users with more than one can have any.</param>
    public static int[] Of(ChunkedList<SessionRecord> sessions, TimeSpan gap, out bool joinable)
    {
        joinable = false;
        int n = sessions.Count;
        var users = new long[n];
        var positions = new int[n];
        for (int i = 0; i < n; i++)
        {
            users[i] = sessions[i].UserId;
            positions[i] = i;
        }

        IdOrder.Sort(users, positions);
        for (int lo = 0; lo < n;)
        {
            int hi = lo + 1;
            while (hi < n && users[hi] == users[lo])
                hi++;
            if (hi - lo > 1)
            {
                SortByStart(sessions, positions.AsSpan(lo, hi - lo));
                joinable = joinable || HasJoinable(sessions, positions.AsSpan(lo, hi - lo), gap.Ticks);
            }

            lo = hi;
        }

        return positions;
    }

    // One user's sessions, sorted by start: does one start within the gap of the latest end before it?
    private static bool HasJoinable(ChunkedList<SessionRecord> sessions, ReadOnlySpan<int> positions, long gap)
    {
        long end = sessions[positions[0]].SessionEnd.Ticks;
        for (int i = 1; i < positions.Length; i++)
        {
            ref readonly var s = ref sessions[positions[i]];
            if (JoinedSessionCursor.Joins(end, s, gap))
                return true;
            end = Math.Max(end, s.SessionEnd.Ticks);
        }

        return false;
    }

    // One user's sessions by start, ties by closing position (a late event can open a session where a closed one began).
    private static void SortByStart(ChunkedList<SessionRecord> sessions, Span<int> positions)
    {
        if (positions.Length > InsertionLimit)
        {
            var keys = new (long Start, int Position)[positions.Length];
            for (int i = 0; i < keys.Length; i++)
                keys[i] = (sessions[positions[i]].SessionStart.Ticks, positions[i]);
            Array.Sort(keys);
            for (int i = 0; i < keys.Length; i++)
                positions[i] = keys[i].Position;
            return;
        }

        for (int i = 1; i < positions.Length; i++)
        {
            int x = positions[i];
            long start = sessions[x].SessionStart.Ticks;
            int j = i - 1;
            for (; j >= 0; j--)
            {
                long other = sessions[positions[j]].SessionStart.Ticks;
                if (other < start || (other == start && positions[j] < x))
                    break;
                positions[j + 1] = positions[j];
            }

            positions[j + 1] = x;
        }
    }
}
