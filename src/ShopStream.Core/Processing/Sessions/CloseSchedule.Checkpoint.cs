using ShopStream.Core.Checkpoints;
using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Core.Processing.Sessions;

internal sealed partial class CloseSchedule
{
    // Users keep their order within a bucket: it is the order their sessions close in, which breaks ties in the
    // sessions' output order. Saved by user id (slots are this process's own).
    public void Save(StateWriter w, UserTable users)
    {
        w.Write(_buckets.Count);
        foreach (var (bucket, slots) in _buckets)
        {
            w.Write(bucket);
            w.Write(slots.Count);
            foreach (int slot in slots)
                w.Write(users[slot].UserId);
        }
    }

    public void Restore(StateReader r, UserTable users)
    {
        int buckets = r.ReadCount();
        for (int b = 0; b < buckets; b++)
        {
            long bucket = r.ReadLong();
            int n = r.ReadCount();
            var list = new List<int>(n);
            for (int i = 0; i < n; i++)
            {
                long id = r.ReadLong();
                list.Add(users.TryGetSlot(id, out int slot) ? slot : throw new CheckpointException($"user {id} is due to close but has no state"));
            }

            if (!_buckets.TryAdd(bucket, list))
                throw new CheckpointException($"close bucket {bucket} appears twice");
            _bucketOrder.Enqueue(bucket, bucket);
        }
    }
}
