using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Lake.Runs;

/// <summary>
/// Every user's session starts, sorted, to give each silver event its session: its user's last session starting at or
/// before it. Sessions can overlap (an event later than the allowed disorder opens a session inside one already
/// closed), so "the last start at or before" is the rule, not "the session whose range holds the event". Times are
/// Parquet's microseconds, compared as the lake stores them. Users are found through the pipeline's own
/// <see cref="UserIndex"/> (a <c>Dictionary</c> of (first, count) took about 0.1 s of CPU to build and query for a
/// million events): user k's sessions are <c>[_firsts[k], _firsts[k + 1])</c>.
/// </summary>
internal sealed class SessionStarts
{
    private readonly UserIndex _users;
    private readonly int[] _firsts;
    private readonly long[] _starts;

    private SessionStarts(UserIndex users, int[] firsts, long[] starts)
    {
        _users = users;
        _firsts = firsts;
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

        var index = new UserIndex();
        var firsts = new List<int>();
        for (int i = 0; i < count;)
        {
            long user = userKeys[i];
            index.GetOrAdd(user, out _) = firsts.Count + 1;
            firsts.Add(i);
            while (i < count && userKeys[i] == user)
                i++;
        }

        firsts.Add(count);
        return new SessionStarts(index, [.. firsts], sortedStarts);
    }

    /// <summary>The start (microseconds) of <paramref name="user"/>'s last session starting at or before <paramref name="micros"/>; false when there is none.</summary>
    public bool TryFind(long user, long micros, out long start)
    {
        start = 0;
        if (!_users.TryGet(user, out int k))
            return false;
        var starts = _starts.AsSpan(_firsts[k], _firsts[k + 1] - _firsts[k]);
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
