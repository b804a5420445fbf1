using ShopStream.Core.Checkpoints;
using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Core.Processing.Sessions;

internal sealed partial class CloseSchedule
{
    // Users keep their order within a bucket: it is the order their sessions close in, which breaks ties in the
    // sessions' output order.
    public void Save(StateWriter w)
    {
        w.Write(_buckets.Count);
        foreach (var (bucket, users) in _buckets)
        {
            w.Write(bucket);
            w.Write(users.Count);
            foreach (var user in users)
                w.Write(user.UserId);
        }
    }

    public void Restore(StateReader r, Dictionary<long, UserState> users)
    {
        int buckets = r.ReadCount();
        for (int b = 0; b < buckets; b++)
        {
            long bucket = r.ReadLong();
            int n = r.ReadCount();
            var list = new List<UserState>(n);
            for (int i = 0; i < n; i++)
            {
                long id = r.ReadLong();
                list.Add(users.TryGetValue(id, out var user) ? user : throw new CheckpointException($"user {id} is due to close but has no state"));
            }

            if (!_buckets.TryAdd(bucket, list))
                throw new CheckpointException($"close bucket {bucket} appears twice");
            _bucketOrder.Enqueue(bucket, bucket);
        }
    }
}
