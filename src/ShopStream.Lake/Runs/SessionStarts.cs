namespace ShopStream.Lake.Runs;

/// <summary>
/// Every user's session starts, sorted, to give each silver event its session: its user's last session starting at or
/// before it. Sessions can overlap (an event later than the allowed disorder opens a session inside one already
/// closed), so "the last start at or before" is the rule, not "the session whose range holds the event". Times are
/// Parquet's microseconds, compared as the lake stores them.
/// </summary>
internal sealed class SessionStarts
{
    private readonly Dictionary<long, (int First, int Count)> _users;
    private readonly long[] _starts;

    private SessionStarts(Dictionary<long, (int First, int Count)> users, long[] starts)
    {
        _users = users;
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

        var index = new Dictionary<long, (int First, int Count)>();
        for (int i = 0; i < count;)
        {
            int first = i;
            long user = userKeys[i];
            while (i < count && userKeys[i] == user)
                i++;
            index[user] = (first, i - first);
        }

        return new SessionStarts(index, sortedStarts);
    }

    /// <summary>The start (microseconds) of <paramref name="user"/>'s last session starting at or before <paramref name="micros"/>; false when there is none.</summary>
    public bool TryFind(long user, long micros, out long start)
    {
        start = 0;
        if (!_users.TryGetValue(user, out var range))
            return false;
        var starts = _starts.AsSpan(range.First, range.Count);
        int lo = 0, hi = starts.Length - 1, found = -1;
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

        if (found < 0)
            return false;
        start = starts[found];
        return true;
    }

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
