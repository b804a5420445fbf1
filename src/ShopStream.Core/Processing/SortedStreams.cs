namespace ShopStream.Core.Processing;

/// <summary>
/// Merges sequences that are each sorted (spill runs read from disk, the state still in memory) into one sorted
/// sequence, lazily, holding one item per sequence. Ties go to the sequence listed first, so a merge is stable.
/// </summary>
internal static class SortedStreams
{
    // With a few sources (one per partition, or a partition's memory and its spill runs), picking the smallest head
    // by a scan beats a heap: a heap of (item, source) pairs costs two wrapped compares and pair copies per item.
    private const int ScanLimit = 8;

    public static IEnumerable<T> Merge<T>(IReadOnlyList<IEnumerable<T>> sources, Comparison<T> compare) => sources.Count switch
    {
        1 => sources[0],
        <= ScanLimit => MergeByScan(sources, compare),
        _ => MergeByHeap(sources, compare),
    };

    private static IEnumerable<T> MergeByScan<T>(IReadOnlyList<IEnumerable<T>> sources, Comparison<T> compare)
    {
        var cursors = new IEnumerator<T>[sources.Count];
        var heads = new T[sources.Count];

        // The sources not yet drained, kept in source order so that a strict compare leaves ties to the first.
        var live = new int[sources.Count];
        int liveCount = 0;
        try
        {
            for (int s = 0; s < sources.Count; s++)
            {
                cursors[s] = sources[s].GetEnumerator();
                if (cursors[s].MoveNext())
                {
                    heads[s] = cursors[s].Current;
                    live[liveCount++] = s;
                }
            }

            while (liveCount > 1)
            {
                int at = 0;
                for (int i = 1; i < liveCount; i++)
                {
                    if (compare(heads[live[i]], heads[live[at]]) < 0)
                        at = i;
                }

                int best = live[at];
                yield return heads[best];
                if (cursors[best].MoveNext())
                {
                    heads[best] = cursors[best].Current;
                }
                else
                {
                    Array.Copy(live, at + 1, live, at, liveCount - at - 1);
                    liveCount--;
                }
            }

            // One source left: the rest of it needs no compares.
            if (liveCount == 1)
            {
                var last = cursors[live[0]];
                yield return heads[live[0]];
                while (last.MoveNext())
                    yield return last.Current;
            }
        }
        finally
        {
            foreach (var cursor in cursors)
                cursor?.Dispose();
        }
    }

    private static IEnumerable<T> MergeByHeap<T>(IReadOnlyList<IEnumerable<T>> sources, Comparison<T> compare)
    {
        // The heap holds source numbers and compares their heads in place: items can be large structs (a user's
        // state), which a heap of (item, source) pairs copied on every sift and every compare.
        var heads = new T[sources.Count];
        var order = new PriorityQueue<int, int>(sources.Count, Comparer<int>.Create((a, b) =>
        {
            int c = compare(heads[a], heads[b]);
            return c != 0 ? c : a.CompareTo(b);
        }));
        var cursors = new IEnumerator<T>[sources.Count];
        try
        {
            for (int s = 0; s < sources.Count; s++)
            {
                cursors[s] = sources[s].GetEnumerator();
                if (cursors[s].MoveNext())
                {
                    heads[s] = cursors[s].Current;
                    order.Enqueue(s, s);
                }
            }

            while (order.TryDequeue(out int s, out _))
            {
                yield return heads[s];
                if (cursors[s].MoveNext())
                {
                    heads[s] = cursors[s].Current;
                    order.Enqueue(s, s);
                }
            }
        }
        finally
        {
            foreach (var cursor in cursors)
                cursor?.Dispose();
        }
    }

    /// <summary>Merges and hands each group of items that compare equal (one key from several sources) to <paramref name="combine"/>.</summary>
    public static IEnumerable<T> MergeCombining<T>(IReadOnlyList<IEnumerable<T>> sources, Comparison<T> compare, Func<List<T>, T> combine)
    {
        var group = new List<T>();
        foreach (var item in Merge(sources, compare))
        {
            if (group.Count > 0 && compare(group[0], item) != 0)
            {
                yield return group.Count == 1 ? group[0] : combine(group);
                group.Clear();
            }

            group.Add(item);
        }

        if (group.Count > 0)
            yield return group.Count == 1 ? group[0] : combine(group);
    }
}
