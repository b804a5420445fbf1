namespace ShopStream.Core.Processing;

/// <summary>Merges runs that are each sorted (one per partition) into one sorted sequence, lazily.</summary>
internal static class SortedRuns
{
    // With a few runs (one per partition: usually the core count), picking the smallest head by a scan beats a
    // heap: no sifting, and items are not copied in and out of a queue.
    private const int ScanLimit = 8;

    public static IEnumerable<T> Merge<T>(IReadOnlyList<IReadOnlyList<T>> runs, Comparison<T> compare) =>
        runs.Count <= ScanLimit ? MergeByScan(runs, compare) : MergeByHeap(runs, compare);

    private static IEnumerable<T> MergeByScan<T>(IReadOnlyList<IReadOnlyList<T>> runs, Comparison<T> compare)
    {
        var next = new int[runs.Count];
        while (true)
        {
            int best = -1;
            for (int r = 0; r < runs.Count; r++)
            {
                if (next[r] < runs[r].Count && (best < 0 || compare(runs[r][next[r]], runs[best][next[best]]) < 0))
                    best = r;
            }

            if (best < 0)
                yield break;
            yield return runs[best][next[best]++];
        }
    }

    private static IEnumerable<T> MergeByHeap<T>(IReadOnlyList<IReadOnlyList<T>> runs, Comparison<T> compare)
    {
        var heads = new PriorityQueue<int, T>(runs.Count, Comparer<T>.Create(compare));
        var next = new int[runs.Count];
        for (int r = 0; r < runs.Count; r++)
        {
            if (runs[r].Count > 0)
                heads.Enqueue(r, runs[r][0]);
        }

        while (heads.TryDequeue(out int r, out var item))
        {
            yield return item;
            if (++next[r] < runs[r].Count)
                heads.Enqueue(r, runs[r][next[r]]);
        }
    }

    /// <summary>
    /// Merges the runs and combines items that compare equal (the same key from several partitions) into one,
    /// so a key that spans partitions comes out once, with its partial results added up.
    /// </summary>
    public static IEnumerable<T> MergeCombining<T>(IReadOnlyList<IReadOnlyList<T>> runs, Comparison<T> compare, Func<T, T, T> combine)
        where T : struct
    {
        T? pending = null;
        foreach (var item in Merge(runs, compare))
        {
            if (pending is { } p && compare(p, item) == 0)
            {
                pending = combine(p, item);
                continue;
            }

            if (pending is { } done)
                yield return done;
            pending = item;
        }

        if (pending is { } last)
            yield return last;
    }
}
