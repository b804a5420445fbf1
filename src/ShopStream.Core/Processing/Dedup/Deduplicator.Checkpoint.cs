using ShopStream.Core.Checkpoints;

namespace ShopStream.Core.Processing.Dedup;

internal sealed partial class Deduplicator
{
    public void Save(StateWriter w)
    {
        w.Write(_buckets.Count);
        foreach (var (bucket, set) in _buckets)
        {
            w.Write(bucket);
            w.Write(set.Count);
            foreach (var fingerprint in set.Items())
                w.Write(fingerprint);
        }
    }

    public void Restore(StateReader r)
    {
        int buckets = r.ReadCount();
        for (int b = 0; b < buckets; b++)
        {
            long bucket = r.ReadLong();
            int n = r.ReadCount();
            var set = new FlatSet<UInt128>(n, pinned: true);
            for (int i = 0; i < n; i++)
                set.Add(r.ReadUInt128());
            if (!_buckets.TryAdd(bucket, set))
                throw new CheckpointException($"dedup bucket {bucket} appears twice");
            _bucketOrder.Enqueue(bucket, bucket);
        }
    }
}
