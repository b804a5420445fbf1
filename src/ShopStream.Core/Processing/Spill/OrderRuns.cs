using ShopStream.Core.Checkpoints;
using ShopStream.Core.Processing.Analytics;

namespace ShopStream.Core.Processing.Spill;

/// <summary>
/// One partition's spilled purchases without an order id (each an order of its own, kept only for the fraud
/// signals at the end): each batch is sorted in output order, ties in arrival order, and written as an immutable,
/// numbered run file (a count, then the records). An id-less order always has one line and an empty id, so
/// those are not written.
/// </summary>
internal sealed class OrderRuns(string folder)
{
    private const string Prefix = "orders-";
    private readonly List<string> _runs = [];
    private int[] _slots = [];

    public int RunCount => _runs.Count;

    /// <param name="orders">Id-less orders in arrival order.</param>
    public void Write(List<OrderFact> orders)
    {
        if (_slots.Length < orders.Count)
            _slots = new int[orders.Count];
        var slots = _slots.AsSpan(0, orders.Count);
        OrderBook.SortStable(orders, slots);

        string path = SpillFiles.Path(folder, Prefix, _runs.Count);
        using (var file = SpillFiles.Create(path))
        {
            var w = new StateWriter(file);
            w.Write(orders.Count);
            foreach (int slot in slots)
            {
                var o = orders[slot];
                w.Write(o.UserId);
                w.Write(o.OrderTime);
                w.Write(o.Items);
                w.Write(o.Value);
                OrderBook.SaveDetails(w, o.Details);
            }

            w.Flush();
            file.Flush(flushToDisk: true);
        }

        _runs.Add(path);
    }

    /// <summary>The orders of run <paramref name="run"/>, in their sorted order, read as enumerated.</summary>
    public IEnumerable<OrderFact> Read(int run)
    {
        using var file = SpillFiles.OpenRead(_runs[run]);
        var r = new StateReader(file);
        int n = r.ReadCount();
        for (int i = 0; i < n; i++)
            yield return new OrderFact("", r.ReadLong(), r.ReadDateTime(), 1, r.ReadLong(), r.ReadDecimal(), OrderBook.ReadDetails(r));
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
