namespace ShopStream.Core.Processing;

/// <summary>Merges runs that are each sorted (one per partition) into one sorted array.</summary>
internal static class SortedRuns
{
    public static T[] Merge<T>(IReadOnlyList<T[]> runs, Comparison<T> compare)
    {
        var merged = new T[runs.Sum(r => r.Length)];
        var heads = new PriorityQueue<int, T>(runs.Count, Comparer<T>.Create(compare));
        var next = new int[runs.Count];
        for (int r = 0; r < runs.Count; r++)
        {
            if (runs[r].Length > 0)
                heads.Enqueue(r, runs[r][0]);
        }

        int at = 0;
        while (heads.TryDequeue(out int r, out var item))
        {
            merged[at++] = item;
            if (++next[r] < runs[r].Length)
                heads.Enqueue(r, runs[r][next[r]]);
        }

        return merged;
    }
}
