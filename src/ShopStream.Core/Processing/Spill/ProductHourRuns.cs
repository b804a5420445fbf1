using ShopStream.Core.Checkpoints;
using ShopStream.Core.Processing.Analytics;

namespace ShopStream.Core.Processing.Spill;

/// <summary>
/// One partition's final product hours on disk, one immutable, numbered run file per hour in hour order: they
/// are final when written, so they only need reading back, in order, when the results are merged.
/// </summary>
internal sealed class ProductHourRuns(string folder)
{
    private const string Prefix = "products-";
    private readonly List<string> _runs = [];

    public int RunCount => _runs.Count;

    public void Write(ProductHour hour)
    {
        string path = SpillFiles.Path(folder, Prefix, _runs.Count);
        using (var file = SpillFiles.Create(path))
        {
            var w = new StateWriter(file);
            w.Write(hour.Start);
            w.Write(hour.Length);
            for (int i = 0; i < hour.Length; i++)
            {
                w.Write(hour.Ids[i]);
                ProductMetrics.Save(w, hour.Counts[i]);
            }

            w.Flush();
            file.Flush(flushToDisk: true);
        }

        _runs.Add(path);
    }

    /// <summary>
    /// The spilled hours in order, each read as enumerated into the same two buffers (an hour is tens of thousands
    /// of products: new arrays for each would be large-object garbage), so an hour is valid until the next is read.
    /// </summary>
    public IEnumerable<ProductHour> Read()
    {
        long[] ids = [];
        FunnelCounts[] counts = [];
        foreach (string path in _runs)
        {
            using var file = SpillFiles.OpenRead(path);
            var r = new StateReader(file);
            var start = r.ReadDateTime();
            int n = r.ReadCount();
            if (ids.Length < n)
            {
                ids = new long[Math.Max(n, ids.Length * 2)];
                counts = new FunnelCounts[ids.Length];
            }

            for (int i = 0; i < n; i++)
            {
                ids[i] = r.ReadLong();
                counts[i] = ProductMetrics.ReadFunnel(r);
            }

            yield return new ProductHour(start, ids, counts, n);
        }
    }

    /// <summary>Takes back the runs a checkpoint covers (the first <paramref name="runs"/>) and deletes any written after it.</summary>
    public void Restore(int runs)
    {
        for (int run = 0; run < runs; run++)
        {
            string path = SpillFiles.Path(folder, Prefix, run);
            _runs.Add(File.Exists(path) ? path : throw new CheckpointException($"the checkpoint's spill run {path} is missing"));
        }

        SpillFiles.DeleteFrom(folder, Prefix, runs);
    }
}
