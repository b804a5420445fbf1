using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The run's sessions by user, to give each silver event its session's start without a SQL window: an event
/// belongs to its user's last session starting at or before it (sessions are the pipeline's, sorted by user and start).
/// </summary>
internal sealed class SessionIndex
{
    private readonly Dictionary<long, (int First, int Count)> _users = [];
    private readonly long[] _starts;

    public SessionIndex(IEnumerable<SessionRecord> sessions)
    {
        var starts = new List<long>();
        foreach (var s in sessions)
        {
            _users[s.UserId] = _users.TryGetValue(s.UserId, out var range) ? (range.First, range.Count + 1) : (starts.Count, 1);
            starts.Add(s.SessionStart.Ticks);
        }

        _starts = [.. starts];
    }

    /// <summary>The start (UTC ticks) of the session holding an event of <paramref name="userId"/> at <paramref name="ticks"/>; null when there is none.</summary>
    public long? StartOf(long userId, long ticks)
    {
        if (!_users.TryGetValue(userId, out var range))
            return null;
        var starts = _starts.AsSpan(range.First, range.Count);
        int lo = 0, hi = starts.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= ticks)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found < 0 ? null : starts[found];
    }
}
