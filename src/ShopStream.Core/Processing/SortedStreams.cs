namespace ShopStream.Core.Processing;

/// <summary>
/// Merges sequences that are each sorted (spill runs read from disk, the state still in memory) into one sorted
/// sequence, lazily, holding one item per sequence. Ties go to the sequence listed first, so a merge is stable.
/// </summary>
internal static class SortedStreams
{
    public static IEnumerable<T> Merge<T>(IReadOnlyList<IEnumerable<T>> sources, Comparison<T> compare)
    {
        if (sources.Count == 1)
        {
            foreach (var item in sources[0])
                yield return item;
            yield break;
        }

        var heads = new PriorityQueue<int, (T Item, int Source)>(sources.Count, Comparer<(T Item, int Source)>.Create((a, b) =>
        {
            int c = compare(a.Item, b.Item);
            return c != 0 ? c : a.Source.CompareTo(b.Source);
        }));
        var cursors = new IEnumerator<T>[sources.Count];
        try
        {
            for (int s = 0; s < sources.Count; s++)
            {
                cursors[s] = sources[s].GetEnumerator();
                if (cursors[s].MoveNext())
                    heads.Enqueue(s, (cursors[s].Current, s));
            }

            while (heads.TryDequeue(out int s, out var head))
            {
                yield return head.Item;
                if (cursors[s].MoveNext())
                    heads.Enqueue(s, (cursors[s].Current, s));
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
