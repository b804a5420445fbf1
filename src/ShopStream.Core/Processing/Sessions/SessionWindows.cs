using ShopStream.Core.Events;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Spill;

namespace ShopStream.Core.Processing.Sessions;

/// <summary>
/// Session windows per user in event time (gap-based, merging): an event joins every open session it lies
/// within <c>gap</c> of, and bridging two sessions merges them, so out-of-order arrival gives the same sessions
/// as sorted input. A session is final once the watermark passes its end plus the gap (no on-time event can
/// reach it any more); that is checked exactly whenever the user is touched, so the coarse close schedule only
/// decides when memory is freed. Finished sessions go to <see cref="Closed"/>, and from there, with a spill, to
/// sorted runs on disk whenever <c>spillAt</c> have gathered; state holds only open sessions. An event later than
/// that (behind the watermark) opens a session of its own beside a finished one; at the end of input the partition
/// joins those again (<see cref="JoinedSessionCursor"/>).
/// </summary>
/// <param name="users">The partition's users, whose state holds their open sessions; the close schedule names their slots.</param>
/// <param name="onIdle">Told of a user (by slot) whose last open session has just closed.</param>
internal sealed partial class SessionWindows(TimeSpan gap, UserTable users, SessionRuns? spill = null, int spillAt = int.MaxValue, Action<int>? onIdle = null)
{
    private readonly long _gap = gap.Ticks;
    private readonly CloseSchedule _schedule = new();
    private long _watermark = long.MinValue;

    /// <summary>Finished sessions not spilled, in closing order.</summary>
    public ChunkedList<SessionRecord> Closed { get; } = new();

    /// <summary>Finished sessions moved to the spill: the closing order of <see cref="Closed"/>[0].</summary>
    public long Spilled { get; private set; }

    /// <summary>Every finished session so far, spilled or not.</summary>
    public long ClosedCount => Spilled + Closed.Count;

    /// <param name="user">The state in <paramref name="slot"/> of the user table.</param>
    public void Add(ref UserState user, int slot, in ShopEvent e)
    {
        long t = e.EventTimeTicks;
        int target = -1;
        for (int i = 0; i < user.OpenCount; i++)
        {
            ref var s = ref user.OpenAt(i);
            if (s.End + _gap < _watermark)
            {
                // Final already, though its close is not yet due in the schedule: a late event cannot join it.
                Finish(ref user, s);
                user.RemoveOpenAt(i--);
                continue;
            }

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
            _schedule.Add(slot, session.End + _gap);
            user.QueuedForClose = true;
        }
    }

    /// <summary>Moves the watermark on and finalises the sessions of users whose close is due.</summary>
    public void Advance(long watermark)
    {
        _watermark = watermark;
        while (_schedule.TryTakeDue(watermark, out var due))
        {
            foreach (int slot in due)
                CloseFinal(slot, watermark);
            _schedule.Recycle(due);
        }
    }

    /// <summary>End of input: every open session is final.</summary>
    public void Flush() => Advance(long.MaxValue);

    private void CloseFinal(int slot, long watermark)
    {
        ref var user = ref users[slot];
        user.QueuedForClose = false;
        long nextClose = long.MaxValue;
        for (int i = 0; i < user.OpenCount; i++)
        {
            ref var s = ref user.OpenAt(i);
            if (s.End + _gap < watermark)
            {
                Finish(ref user, s);
                user.RemoveOpenAt(i--);
            }
            else
            {
                nextClose = Math.Min(nextClose, s.End + _gap);
            }
        }

        if (user.OpenCount > 0)
        {
            _schedule.Add(slot, nextClose);
            user.QueuedForClose = true;
        }
        else
        {
            onIdle?.Invoke(slot);
        }
    }

    private void Finish(ref UserState user, in OpenSession s)
    {
        user.ClosedSessions++;
        if (s.Counts.Purchases > 0)
            user.ConvertedSessions++;
        Closed.Add(s.ToRecord(user.UserId));
        if (Closed.Count >= spillAt)
        {
            spill!.Write(Closed, Spilled);
            Spilled += Closed.Count;
            Closed.Clear();
        }
    }
}
