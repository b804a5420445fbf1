using ShopStream.Core.Events;
using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Core.Processing.Sessions;

/// <summary>
/// Session windows per user in event time (gap-based, merging): an event joins every open session it lies
/// within <c>gap</c> of, and bridging two sessions merges them, so out-of-order arrival gives the same sessions
/// as sorted input. A session is final once the watermark passes its end plus the gap: no on-time event can
/// reach it any more. Finished sessions go to <see cref="Closed"/>; state holds only open sessions.
/// </summary>
internal sealed class SessionWindows(TimeSpan gap)
{
    private readonly long _gap = gap.Ticks;

    // One entry per user with open sessions, keyed by the earliest time one of them could close.
    private readonly PriorityQueue<UserState, long> _closeQueue = new();

    public List<SessionRecord> Closed { get; } = [];

    public int OpenUsers => _closeQueue.Count;

    public void Add(UserState user, in ShopEvent e)
    {
        long t = e.EventTimeTicks;
        int target = -1;
        for (int i = 0; i < user.OpenCount; i++)
        {
            ref var s = ref user.OpenAt(i);
            if (t < s.Start - _gap || t > s.End + _gap)
                continue;
            if (target < 0)
            {
                target = i;
                continue;
            }

            user.OpenAt(target).Merge(s);
            user.RemoveOpenAt(i--);
        }

        ref var session = ref target < 0 ? ref user.AddOpen(t) : ref user.OpenAt(target);
        session.Add(e);
        if (!user.QueuedForClose)
        {
            _closeQueue.Enqueue(user, session.End + _gap);
            user.QueuedForClose = true;
        }
    }

    /// <summary>Finalises every session whose end plus gap is before <paramref name="watermark"/>.</summary>
    public void Advance(long watermark)
    {
        while (_closeQueue.TryPeek(out var user, out long closeAt) && closeAt < watermark)
        {
            _closeQueue.Dequeue();
            user.QueuedForClose = false;
            long nextClose = long.MaxValue;
            for (int i = 0; i < user.OpenCount; i++)
            {
                ref var s = ref user.OpenAt(i);
                if (s.End + _gap < watermark)
                {
                    Finish(user, s);
                    user.RemoveOpenAt(i--);
                }
                else
                {
                    nextClose = Math.Min(nextClose, s.End + _gap);
                }
            }

            if (user.OpenCount > 0)
            {
                _closeQueue.Enqueue(user, nextClose);
                user.QueuedForClose = true;
            }
        }
    }

    /// <summary>End of input: every open session is final.</summary>
    public void Flush() => Advance(long.MaxValue);

    private void Finish(UserState user, in OpenSession s)
    {
        user.ClosedSessions++;
        if (s.Purchases > 0)
            user.ConvertedSessions++;
        Closed.Add(s.ToRecord(user.UserId));
    }
}
