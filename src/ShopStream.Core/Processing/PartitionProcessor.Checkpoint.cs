using ShopStream.Core.Checkpoints;
using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Core.Processing;

public sealed partial class PartitionProcessor
{
    /// <summary>
    /// Writes all of this partition's state. Only while its worker is idle (the router quiesces first). Users
    /// waiting to be spilled are written to a run first, so the checkpoint covers exactly the runs written so far
    /// (run files are never changed once written).
    /// </summary>
    internal void Save(StateWriter w)
    {
        _spilledUsers?.Flush();
        w.Write(_spilledUsers is not null);
        if (_spilledUsers is not null)
        {
            w.Write(_spilledUsers.RunCount);
            w.Write(_spilledSessions!.RunCount);
        }

        w.Write(_watermark);
        w.Write(Duplicates);
        w.Write(LateEvents);
        w.Write(_byType.Length);
        foreach (long n in _byType)
            w.Write(n);
        // In id order, not the index's: restoring inserts them into an index that grows from empty, and ids in the
        // order of a larger index's homes pile up in long probe runs there (2M users: 124 s to insert in index order,
        // 2.3 s in id order; a 20M run's checkpoint took about 250 s of CPU to restore).
        w.Write(_users.Count);
        foreach (int slot in _users.SlotsById())
            _users[slot].Save(w);
        _sessions.Save(w);
        _dedup.Save(w);
        Minutes.Save(w);
        Hours.Save(w);
        Rolling.Save(w);
        Products.Save(w);
        Orders.Save(w);
    }

    /// <summary>Loads state saved by <see cref="Save"/> into this new partition (before it processes anything).</summary>
    internal void Restore(StateReader r)
    {
        if (r.ReadBool() != _spilledUsers is not null)
            throw new CheckpointException("the checkpoint was written with the spill on and this run has it off, or the other way round");
        if (_spilledUsers is not null)
        {
            _spilledUsers.Restore(r.ReadInt());
            _spilledSessions!.Restore(r.ReadInt());
        }

        _watermark = r.ReadLong();
        Duplicates = r.ReadLong();
        LateEvents = r.ReadLong();
        if (r.ReadCount() != _byType.Length)
            throw new CheckpointException("the checkpoint counts a different set of event types");
        for (int t = 0; t < _byType.Length; t++)
            _byType[t] = r.ReadLong();
        int users = r.ReadCount();
        for (int i = 0; i < users; i++)
        {
            var user = UserState.Restore(r);
            if (!_users.TryAdd(user, out int slot))
                throw new CheckpointException($"user {user.UserId} appears twice");
            if (_spilledUsers is not null && user.OpenCount == 0)
                QueueForSpill(slot);
        }

        _sessions.Restore(r);
        _dedup.Restore(r);
        Minutes.Restore(r);
        Hours.Restore(r);
        Rolling.Restore(r);
        Products.Restore(r);
        Orders.Restore(r);
    }
}
