using ShopStream.Core.Checkpoints;

namespace ShopStream.Core.Processing.Windows;

public sealed partial class WindowAggregator
{
    internal void Save(StateWriter w)
    {
        w.Write(_nextFinal);
        w.Write(_nextEarly);
        w.Write(Finals.Count);
        foreach (var f in Finals)
        {
            w.Write(f.WindowStart);
            w.Write(f.WindowEnd);
            w.Write(f.Events);
            w.Write(f.Views);
            w.Write(f.Carts);
            w.Write(f.Removes);
            w.Write(f.Purchases);
            w.Write(f.Revenue);
            w.Write(f.Users);
        }

        w.Write(_panes.Count);
        foreach (var (start, pane) in _panes)
        {
            w.Write(start);
            w.WriteCounts(pane.Counts);
            w.Write(pane.Users.Count);
            foreach (long user in pane.Users.Items())
                w.Write(user);
        }
    }

    internal void Restore(StateReader r)
    {
        _nextFinal = r.ReadLong();
        _nextEarly = r.ReadLong();
        int finals = r.ReadCount();
        Finals.Capacity = finals;
        for (int i = 0; i < finals; i++)
        {
            Finals.Add(new WindowResult(
                r.ReadDateTime(), r.ReadDateTime(), r.ReadLong(), r.ReadLong(), r.ReadLong(), r.ReadLong(), r.ReadLong(),
                r.ReadDecimal(), r.ReadLong(), WindowResultKind.Final));
        }

        int panes = r.ReadCount();
        for (int p = 0; p < panes; p++)
        {
            long start = r.ReadLong();
            var pane = new Pane { Counts = r.ReadCounts(), Serial = NextSerial() };
            int users = r.ReadCount();
            for (int u = 0; u < users; u++)
                pane.Users.Add(r.ReadLong());
            if (!_panes.TryAdd(start, pane))
                throw new CheckpointException($"window pane {start} appears twice");
            _paneOrder.Enqueue(start, start);
        }
    }
}
