using ShopStream.Core.Checkpoints;
using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Core.Processing.Spill;

/// <summary>
/// One partition's spilled users: idle users are buffered, then sorted by user id and written as an immutable,
/// numbered run file. A run is blocks of up to <see cref="BlockSize"/> users, each in the checkpoint encoding
/// with its own string table (so a block reads on its own), then an index of every block's first user id and
/// offset. The index is kept in memory, so <see cref="TryRead"/> finds a user with a binary search and one block
/// read per run. Nothing calls it while the stream runs yet: live serving refuses the spill (<c>--serve</c> with
/// <c>--state-horizon</c> exits 2), so this is where live lookups of spilled users would start.
/// </summary>
internal sealed class UserRuns(string folder, int bufferLimit)
{
    private const int BlockSize = 128;
    private const string Prefix = "users-";
    private readonly List<UserState> _pending = [];
    private readonly List<RunIndex> _runs = [];

    // The sort's scratch, kept for the next run: at 65,536 users these are large objects, garbage the collector
    // only takes back in a full collection.
    private long[] _ids = [];
    private int[] _order = [];

    /// <summary>Run files written (and covered by a checkpoint once it is saved).</summary>
    public int RunCount => _runs.Count;

    /// <summary>Buffers a copy of <paramref name="user"/> (which then owns whatever overflow the state had).</summary>
    public void Add(in UserState user)
    {
        _pending.Add(user);
        if (_pending.Count >= bufferLimit)
            Flush();
    }

    /// <summary>Writes the buffered users as one run (a user buffered twice, having come back, as one entry).</summary>
    public void Flush()
    {
        if (_pending.Count == 0)
            return;

        // Sorted as ids with positions: sorting the list itself swapped whole states (~270 bytes each).
        int n = _pending.Count;
        if (_ids.Length < n)
        {
            _ids = new long[n];
            _order = new int[n];
        }

        var ids = _ids;
        var order = _order;
        for (int i = 0; i < n; i++)
        {
            ids[i] = _pending[i].UserId;
            order[i] = i;
        }

        IdOrder.Sort(ids.AsSpan(0, n), order.AsSpan(0, n));
        string path = SpillFiles.Path(folder, Prefix, _runs.Count);
        var firstIds = new List<long>();
        var offsets = new List<long>();
        using (var file = SpillFiles.Create(path))
        {
            var block = new List<UserState>(BlockSize);
            var same = new List<UserState>();
            for (int i = 0; i < n;)
            {
                same.Clear();
                long id = ids[i];
                while (i < n && ids[i] == id)
                    same.Add(_pending[order[i++]]);
                block.Add(same.Count == 1 ? same[0] : UserState.Combine(same));
                if (block.Count == BlockSize || i == n)
                {
                    firstIds.Add(block[0].UserId);
                    offsets.Add(file.Position);
                    WriteBlock(file, block);
                    block.Clear();
                }
            }

            var index = new RunIndex(path, [.. firstIds], [.. offsets]);
            index.WriteFooter(file);
            file.Flush(flushToDisk: true);
            _runs.Add(index);
        }

        _pending.Clear();
    }

    /// <summary>Every spilled user of run <paramref name="run"/>, by user id, read as enumerated.</summary>
    public IEnumerable<UserState> Read(int run)
    {
        var index = _runs[run];
        using var file = SpillFiles.OpenRead(index.Path);
        long end = RunIndex.IndexStart(file, index.Path);
        file.Position = 0;
        while (file.Position < end)
        {
            var r = new StateReader(file);
            int n = r.ReadCount();
            for (int i = 0; i < n; i++)
                yield return UserState.Restore(r);
        }
    }

    /// <summary>The spilled state of <paramref name="userId"/> across all runs, combined; false when never spilled.</summary>
    public bool TryRead(long userId, out UserState user)
    {
        var parts = new List<UserState>();
        foreach (var index in _runs)
        {
            int block = index.BlockOf(userId);
            if (block < 0)
                continue;
            using var file = SpillFiles.OpenRead(index.Path);
            file.Position = index.Offsets[block];
            var r = new StateReader(file);
            int n = r.ReadCount();
            for (int i = 0; i < n; i++)
            {
                var candidate = UserState.Restore(r);
                if (candidate.UserId == userId)
                    parts.Add(candidate);
                if (candidate.UserId >= userId)
                    break;
            }
        }

        parts.AddRange(_pending.Where(p => p.UserId == userId));
        user = parts.Count switch { 0 => default, 1 => parts[0], _ => UserState.Combine(parts) };
        return parts.Count > 0;
    }

    /// <summary>Takes back the runs a checkpoint covers (the first <paramref name="runs"/>) and deletes any written after it.</summary>
    public void Restore(int runs)
    {
        for (int run = 0; run < runs; run++)
            _runs.Add(RunIndex.Load(SpillFiles.Path(folder, Prefix, run)));
        SpillFiles.DeleteFrom(folder, Prefix, runs);
    }

    private static void WriteBlock(Stream file, List<UserState> block)
    {
        var w = new StateWriter(file);
        w.Write(block.Count);
        foreach (var user in block)
            user.Save(w);
        w.Flush();
    }

    private sealed record RunIndex(string Path, long[] FirstIds, long[] Offsets)
    {
        /// <summary>The block that would hold <paramref name="userId"/>, or -1 when it is before the run's first user.</summary>
        public int BlockOf(long userId)
        {
            int at = Array.BinarySearch(FirstIds, userId);
            return at >= 0 ? at : ~at - 1;
        }

        // Footer: block count, (first id, offset) per block, then where the footer starts, as the last 8 bytes.
        public void WriteFooter(Stream file)
        {
            long start = file.Position;
            var w = new StateWriter(file);
            w.Write(FirstIds.Length);
            for (int b = 0; b < FirstIds.Length; b++)
            {
                w.Write(FirstIds[b]);
                w.Write(Offsets[b]);
            }

            w.Write(start);
            w.Flush();
        }

        public static long IndexStart(Stream file, string path)
        {
            if (file.Length < sizeof(long))
                throw new CheckpointException($"spill run {path} is cut short");
            file.Position = file.Length - sizeof(long);
            long start = new StateReader(file).ReadLong();
            return start >= 0 && start < file.Length ? start : throw new CheckpointException($"spill run {path} has a damaged footer");
        }

        public static RunIndex Load(string path)
        {
            using var file = File.Exists(path) ? SpillFiles.OpenRead(path) : throw new CheckpointException($"the checkpoint's spill run {path} is missing");
            file.Position = IndexStart(file, path);
            var r = new StateReader(file);
            int blocks = r.ReadCount();
            var ids = new long[blocks];
            var offsets = new long[blocks];
            for (int b = 0; b < blocks; b++)
            {
                ids[b] = r.ReadLong();
                offsets[b] = r.ReadLong();
            }

            return new RunIndex(path, ids, offsets);
        }
    }
}
