using ShopStream.Core.Checkpoints;
using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Core.Processing;

public sealed partial class PartitionProcessor
{
    /// <summary>Writes all of this partition's state. Only while its worker is idle (the router quiesces first).</summary>
    internal void Save(StateWriter w)
    {
        w.Write(_watermark);
        w.Write(Duplicates);
        w.Write(LateEvents);
        w.Write(_byType.Length);
        foreach (long n in _byType)
            w.Write(n);
        w.Write(_users.Count);
        foreach (var user in _users.Values)
            user.Save(w);
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
        _watermark = r.ReadLong();
        Duplicates = r.ReadLong();
        LateEvents = r.ReadLong();
        if (r.ReadCount() != _byType.Length)
            throw new CheckpointException("the checkpoint counts a different set of event types");
        for (int t = 0; t < _byType.Length; t++)
            _byType[t] = r.ReadLong();
        int users = r.ReadCount();
        _users.EnsureCapacity(users);
        for (int i = 0; i < users; i++)
        {
            var user = UserState.Restore(r);
            if (!_users.TryAdd(user.UserId, user))
                throw new CheckpointException($"user {user.UserId} appears twice");
        }

        _sessions.Restore(r, _users);
        _dedup.Restore(r);
        Minutes.Restore(r);
        Hours.Restore(r);
        Rolling.Restore(r);
        Products.Restore(r);
        Orders.Restore(r);
    }
}
