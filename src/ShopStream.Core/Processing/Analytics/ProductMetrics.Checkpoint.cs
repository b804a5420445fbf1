using System.Runtime.InteropServices;
using ShopStream.Core.Checkpoints;

namespace ShopStream.Core.Processing.Analytics;

internal sealed partial class ProductMetrics
{
    public void Save(StateWriter w)
    {
        w.Write(_hours.Count);
        foreach (var (start, bucket) in _hours.Open)
        {
            w.Write(start);
            w.Write(bucket.Count);
            foreach (var (key, counts) in bucket)
            {
                w.Write(key.ProductId);
                w.WriteString(key.CategoryCode);
                Save(w, counts);
            }
        }

        w.Write(spill?.RunCount ?? 0);
        w.Write(Products.Count);
        foreach (var hour in Products)
        {
            w.Write(hour.Start);
            w.Write(hour.Length);
            for (int i = 0; i < hour.Length; i++)
            {
                w.Write(hour.Ids[i]);
                Save(w, hour.Counts[i]);
            }
        }

        w.Write(Categories.Count);
        foreach (var c in Categories)
        {
            w.Write(c.WindowStart);
            w.WriteString(c.Category);
            w.Write(c.Views);
            w.Write(c.Carts);
            w.Write(c.Purchases);
            w.Write(c.Revenue);
        }
    }

    public void Restore(StateReader r)
    {
        int hours = r.ReadCount();
        for (int h = 0; h < hours; h++)
        {
            var bucket = _hours.At(r.ReadLong());
            int n = r.ReadCount();
            bucket.EnsureCapacity(n);
            for (int i = 0; i < n; i++)
            {
                var key = new ProductKey(r.ReadLong(), r.ReadString());
                CollectionsMarshal.GetValueRefOrAddDefault(bucket, key, out _) = ReadFunnel(r);
            }
        }

        int spilled = r.ReadCount();
        if (spilled > 0 && spill is null)
            throw new CheckpointException("the checkpoint spilled product hours and this run has the spill off");
        spill?.Restore(spilled);
        int products = r.ReadCount();
        for (int h = 0; h < products; h++)
            Products.Add(ReadHour(r));

        int categories = r.ReadCount();
        for (int i = 0; i < categories; i++)
            Categories.Add(new CategoryHourly(r.ReadDateTime(), r.ReadString() ?? "", r.ReadLong(), r.ReadLong(), r.ReadLong(), r.ReadDecimal()));
    }

    /// <summary>A final hour as <see cref="Save(StateWriter)"/> writes it: start, count, then id and counts per product.</summary>
    private static ProductHour ReadHour(StateReader r)
    {
        var start = r.ReadDateTime();
        int n = r.ReadCount();
        var ids = new long[n];
        var counts = new FunnelCounts[n];
        for (int i = 0; i < n; i++)
        {
            ids[i] = r.ReadLong();
            counts[i] = ReadFunnel(r);
        }

        return new ProductHour(start, ids, counts);
    }

    public static void Save(StateWriter w, in FunnelCounts c)
    {
        w.Write(c.Views);
        w.Write(c.Carts);
        w.Write(c.Purchases);
        w.Write(c.Revenue);
    }

    public static FunnelCounts ReadFunnel(StateReader r) =>
        new() { Views = r.ReadInt(), Carts = r.ReadInt(), Purchases = r.ReadInt(), Revenue = r.ReadDecimal() };
}
