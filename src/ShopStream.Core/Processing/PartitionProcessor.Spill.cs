using System.Runtime.InteropServices;
using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Core.Processing;

public sealed partial class PartitionProcessor
{
    // After Finish: the positions of the closed sessions still in memory (in closing order) by user id, start and closing order.
    private int[] _sessionOrder = [];

    // After Finish: true when the partition saw late events, so its sessions are read joined (JoinedSessionCursor).
    private bool _joinSessions;

    // After Finish: users found only in the spill whose sessions the join made fewer, and by how many (sessions,
    // converting sessions); applied as they are read back. Users in memory are corrected in place.
    private readonly Dictionary<long, (int Sessions, int Converted)> _spilledJoins = [];

    /// <summary>After <see cref="Finish"/>: every user of this partition by user id, each state spilled along the way merged with the rest.</summary>
    internal RowCursor<UserState> Users()
    {
        if (_spilledUsers is not { RunCount: > 0 } runs)
            return new UserTableCursor(_users, _slotsById);
        var sources = new List<IEnumerable<UserState>>(runs.RunCount + 1) { InMemoryUsers() };
        for (int run = 0; run < runs.RunCount; run++)
            sources.Add(runs.Read(run));
        var users = SortedStreams.MergeCombining(sources, UserState.CompareById, UserState.Combine);
        return RowCursor.Over(_spilledJoins.Count == 0 ? users : users.Select(WithJoinedSessions));
    }

    /// <summary>After <see cref="Finish"/>: every session of this partition by user id and start.</summary>
    internal RowCursor<SessionRecord> Sessions() =>
        _joinSessions ? new JoinedSessionCursor(StreamSessions(), _sessionGap) : StreamSessions();

    // The sessions as the stream finished them, by user id, start and closing order.
    private RowCursor<SessionRecord> StreamSessions()
    {
        if (_spilledSessions is not { RunCount: > 0 } runs)
            return new ClosedSessionCursor(_sessions.Closed, _sessionOrder);
        var sources = new List<IEnumerable<OrderedSession>>(runs.RunCount + 1) { InMemorySessions() };
        for (int run = 0; run < runs.RunCount; run++)
            sources.Add(runs.Read(run));
        return RowCursor.Over(SortedStreams.Merge(sources, OrderedSession.Compare).Select(s => s.Record));
    }

    // Copies each state out of its slot as enumerated (to merge with spill runs): the table stays as it is.
    private IEnumerable<UserState> InMemoryUsers()
    {
        foreach (int slot in _slotsById)
            yield return _users[slot];
    }

    private IEnumerable<OrderedSession> InMemorySessions()
    {
        foreach (int position in _sessionOrder)
            yield return new OrderedSession(_sessions.Closed[position], _sessions.Spilled + position);
    }

    // Counts the joined sessions, by hour for cart abandonment too, and lowers the session counts of the users whose
    // sessions were joined, so profiles and the summary count the sessions sessions.csv lists.
    private void JoinSplitSessions()
    {
        var hours = new CartAbandonment.HourTally(_hour);
        long count = 0;
        using var sessions = new JoinedSessionCursor(StreamSessions(), _sessionGap);
        while (sessions.MoveNext())
        {
            ref readonly var s = ref sessions.Current;
            count++;
            hours.Add(s);
            if (sessions.Parts > 1)
                LowerSessionCounts(s.UserId, sessions.Parts - 1, sessions.ConvertedParts - (s.Converted ? 1 : 0));
        }

        SessionCount = count;
        Abandonment = hours.Rows();
    }

    // A user both in memory and in the spill (back after being spilled) is corrected in memory: the parts' counts add up.
    private void LowerSessionCounts(long userId, int sessions, int converted)
    {
        if (_users.TryGetSlot(userId, out int slot))
        {
            ref var user = ref _users[slot];
            user.ClosedSessions -= sessions;
            user.ConvertedSessions -= converted;
        }
        else
        {
            ref var joined = ref CollectionsMarshal.GetValueRefOrAddDefault(_spilledJoins, userId, out _);
            joined = (joined.Sessions + sessions, joined.Converted + converted);
        }
    }

    private UserState WithJoinedSessions(UserState user)
    {
        if (_spilledJoins.TryGetValue(user.UserId, out var joined))
        {
            user.ClosedSessions -= joined.Sessions;
            user.ConvertedSessions -= joined.Converted;
        }

        return user;
    }

    // For counts that do not depend on order: the runs one after another, then memory.
    private IEnumerable<SessionRecord> AllSessionsUnordered()
    {
        for (int run = 0; run < (_spilledSessions?.RunCount ?? 0); run++)
        {
            foreach (var s in _spilledSessions!.Read(run))
                yield return s.Record;
        }

        foreach (var s in _sessions.Closed)
            yield return s;
    }

    // A user whose last session closed waits here until its last event is a state horizon behind the watermark.
    private void QueueForSpill(int slot)
    {
        ref var user = ref _users[slot];
        if (user.QueuedForSpill)
            return;
        user.QueuedForSpill = true;
        _idle.Add(slot, user.LastSeen + _stateHorizon);
    }

    // A due user that has been active since is queued again (or, with a session open, when that closes); the
    // others leave memory for the spill, freeing their slot. A user who comes back later starts a new state, merged
    // at the end.
    private void SpillIdleUsers(long watermark)
    {
        while (_idle.TryTakeDue(watermark, out var due))
        {
            foreach (int slot in due)
            {
                ref var user = ref _users[slot];
                user.QueuedForSpill = false;
                if (user.OpenCount > 0)
                    continue;
                if (user.LastSeen + _stateHorizon < watermark)
                {
                    _spilledUsers!.Add(user);
                    _users.Remove(slot);
                }
                else
                {
                    QueueForSpill(slot);
                }
            }

            _idle.Recycle(due);
        }
    }
}
