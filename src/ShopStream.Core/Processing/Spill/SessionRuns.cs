using ShopStream.Core.Checkpoints;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Core.Processing.Spill;

/// <summary>
/// One partition's spilled sessions: each batch of closed sessions is sorted by user, start and closing order and
/// written as an immutable, numbered run file of fixed-size records (a count, then the records).
/// </summary>
internal sealed class SessionRuns(string folder)
{
    private const string Prefix = "sessions-";
    private readonly List<string> _runs = [];
    private SessionSortKey[] _keys = [];
    private int[] _slots = [];

    public int RunCount => _runs.Count;

    /// <param name="firstOrder">The closing order of <paramref name="closed"/>[0]; the rest follow it.</param>
    public void Write(ChunkedList<SessionRecord> closed, long firstOrder)
    {
        if (_keys.Length < closed.Count)
        {
            _keys = new SessionSortKey[closed.Count];
            _slots = new int[closed.Count];
        }

        for (int i = 0; i < closed.Count; i++)
        {
            _keys[i] = new SessionSortKey(closed[i].UserId, closed[i].SessionStart.Ticks, firstOrder + i);
            _slots[i] = i;
        }

        Array.Sort(_keys, _slots, 0, closed.Count);
        string path = SpillFiles.Path(folder, Prefix, _runs.Count);
        using (var file = SpillFiles.Create(path))
        {
            var w = new StateWriter(file);
            w.Write(closed.Count);
            for (int i = 0; i < closed.Count; i++)
            {
                ref readonly var s = ref closed[_slots[i]];
                w.Write(s.UserId);
                w.Write(s.SessionStart);
                w.Write(s.SessionEnd);
                w.Write(s.Events);
                w.Write(s.Views);
                w.Write(s.Carts);
                w.Write(s.Purchases);
                w.Write(s.Revenue);
                w.Write(_keys[i].ClosingOrder);
            }

            w.Flush();
            file.Flush(flushToDisk: true);
        }

        _runs.Add(path);
    }

    /// <summary>The sessions of run <paramref name="run"/>, in their sorted order, read as enumerated.</summary>
    public IEnumerable<OrderedSession> Read(int run)
    {
        using var file = SpillFiles.OpenRead(_runs[run]);
        var r = new StateReader(file);
        int n = r.ReadCount();
        for (int i = 0; i < n; i++)
        {
            var record = new SessionRecord(r.ReadLong(), r.ReadDateTime(), r.ReadDateTime(), r.ReadInt(), r.ReadInt(), r.ReadInt(), r.ReadInt(), r.ReadDecimal());
            yield return new OrderedSession(record, r.ReadLong());
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
