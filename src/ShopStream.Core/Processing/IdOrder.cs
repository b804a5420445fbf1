using System.Buffers;

namespace ShopStream.Core.Processing;

/// <summary>
/// Sorts ids with an int (a slot, a position) alongside, by least-significant-digit radix sort on the ids' bytes,
/// skipping the bytes that are the same in every id: user ids span a few bytes, so a partition's millions of users
/// take about four linear passes instead of a comparison sort's n log n compares and swaps (the end of a 5M-event run
/// spent about 4% of its CPU in <c>Array.Sort(long[], int[])</c>). Stable: equal ids keep their order.
/// </summary>
internal static class IdOrder
{
    // Below this, the passes' fixed costs (a histogram per byte) outweigh the comparisons saved.
    private const int RadixThreshold = 512;

    public static void Sort(Span<long> ids, Span<int> items)
    {
        if (ids.Length != items.Length)
            throw new ArgumentException($"{ids.Length} ids, {items.Length} items", nameof(items));
        int n = ids.Length;
        if (n < RadixThreshold)
        {
            InsertionSort(ids, items);
            return;
        }

        // Counts of each value of each byte, all in one read. The sign bit is flipped so negative ids sort first.
        var counts = new int[8 * 256];
        foreach (long id in ids)
        {
            ulong key = Key(id);
            for (int b = 0; b < 8; b++)
                counts[(b << 8) | ((int)(key >> (b * 8)) & 0xFF)]++;
        }

        long[] idBuffer = ArrayPool<long>.Shared.Rent(n);
        int[] itemBuffer = ArrayPool<int>.Shared.Rent(n);
        try
        {
            Span<long> fromIds = ids, toIds = idBuffer.AsSpan(0, n);
            Span<int> fromItems = items, toItems = itemBuffer.AsSpan(0, n);
            Span<int> next = stackalloc int[256];
            for (int b = 0; b < 8; b++)
            {
                int shift = b * 8;
                var byteCounts = counts.AsSpan(b << 8, 256);
                if (byteCounts[(int)(Key(fromIds[0]) >> shift) & 0xFF] == n)
                    continue; // every id has this byte: the pass would keep the order
                int start = 0;
                for (int v = 0; v < 256; v++)
                {
                    next[v] = start;
                    start += byteCounts[v];
                }

                for (int i = 0; i < n; i++)
                {
                    long id = fromIds[i];
                    int at = next[(int)(Key(id) >> shift) & 0xFF]++;
                    toIds[at] = id;
                    toItems[at] = fromItems[i];
                }

                var idsWritten = toIds;
                toIds = fromIds;
                fromIds = idsWritten;
                var itemsWritten = toItems;
                toItems = fromItems;
                fromItems = itemsWritten;
            }

            // After an odd number of passes the sorted ids are in the buffers.
            if (!fromIds.Overlaps(ids))
            {
                fromIds.CopyTo(ids);
                fromItems.CopyTo(items);
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(idBuffer);
            ArrayPool<int>.Shared.Return(itemBuffer);
        }
    }

    private static ulong Key(long id) => (ulong)id ^ 0x8000_0000_0000_0000UL;

    private static void InsertionSort(Span<long> ids, Span<int> items)
    {
        for (int i = 1; i < ids.Length; i++)
        {
            long id = ids[i];
            int item = items[i];
            int j = i - 1;
            for (; j >= 0 && ids[j] > id; j--)
            {
                ids[j + 1] = ids[j];
                items[j + 1] = items[j];
            }

            ids[j + 1] = id;
            items[j + 1] = item;
        }
    }
}
