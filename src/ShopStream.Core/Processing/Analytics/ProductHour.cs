namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// One partition's final counts of one hour: product ids in ascending order with their counts, as two arrays
/// (no row objects per product; rows are made as the partitions' hours are merged).
/// </summary>
/// <param name="length">How many of the arrays' entries are the hour's (hours read back from a spill share buffers); all by default.</param>
internal sealed class ProductHour(DateTime start, long[] ids, FunnelCounts[] counts, int length = -1)
{
    public DateTime Start { get; } = start;

    public long[] Ids { get; } = ids;

    public FunnelCounts[] Counts { get; } = counts;

    public int Length { get; } = length < 0 ? ids.Length : length;

    /// <summary>
    /// Merges partitions' hours (each sequence sorted by start) into rows sorted by hour, then product, adding up the
    /// counts of a product and hour found in several partitions.
    /// </summary>
    public static IEnumerable<ProductHourly> Merge(IReadOnlyList<IEnumerable<ProductHour>> partitions)
    {
        var cursors = partitions.Select(p => p.GetEnumerator()).ToArray();
        try
        {
            var heads = new ProductHour?[cursors.Length];
            for (int p = 0; p < cursors.Length; p++)
                heads[p] = cursors[p].MoveNext() ? cursors[p].Current : null;
            var hours = new List<ProductHour>(partitions.Count);
            var taken = new List<int>(partitions.Count);
            while (true)
            {
                var start = DateTime.MaxValue;
                foreach (var head in heads)
                {
                    if (head is not null && head.Start < start)
                        start = head.Start;
                }

                if (start == DateTime.MaxValue)
                    yield break;
                hours.Clear();
                taken.Clear();
                for (int p = 0; p < heads.Length; p++)
                {
                    if (heads[p] is { } head && head.Start == start)
                    {
                        hours.Add(head);
                        taken.Add(p);
                    }
                }

                foreach (var row in MergeHour(hours))
                    yield return row;

                // Only now, the hour's rows made: a partition read back from its spill reuses one hour's buffers for the next.
                foreach (int p in taken)
                    heads[p] = cursors[p].MoveNext() ? cursors[p].Current : null;
            }
        }
        finally
        {
            foreach (var cursor in cursors)
                cursor.Dispose();
        }
    }

    private static IEnumerable<ProductHourly> MergeHour(List<ProductHour> hours)
    {
        var at = new int[hours.Count];
        while (true)
        {
            long id = long.MaxValue;
            bool any = false;
            for (int h = 0; h < hours.Count; h++)
            {
                if (at[h] < hours[h].Length && (!any || hours[h].Ids[at[h]] < id))
                {
                    id = hours[h].Ids[at[h]];
                    any = true;
                }
            }

            if (!any)
                yield break;
            var sum = default(FunnelCounts);
            for (int h = 0; h < hours.Count; h++)
            {
                if (at[h] < hours[h].Length && hours[h].Ids[at[h]] == id)
                    sum.Merge(hours[h].Counts[at[h]++]);
            }

            yield return new ProductHourly(hours[0].Start, id, sum.Views, sum.Carts, sum.Purchases, sum.Revenue);
        }
    }
}
