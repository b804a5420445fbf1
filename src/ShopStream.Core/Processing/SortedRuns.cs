namespace ShopStream.Core.Processing;

/// <summary>Merges runs that are each sorted (one per partition) into one sorted sequence, lazily.</summary>
internal static class SortedRuns
{
    public static IEnumerable<T> Merge<T>(IReadOnlyList<IReadOnlyList<T>> runs, Comparison<T> compare)
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
}
