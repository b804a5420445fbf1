using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Core.Processing;

public sealed partial class PartitionProcessor
{
    // After Finish: the positions of the closed sessions still in memory (in closing order) by user id, start and closing order.
    private int[] _sessionOrder = [];

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
