using ShopStream.Core.Processing;

namespace ShopStream.Core.Tests;

/// <summary>The radix sort behind the results' user and session order: ids ascending, items alongside, equal ids in their order.</summary>
public sealed class IdOrderTests
{
    [Theory]
    [InlineData(0, 1L << 40)]
    [InlineData(1, 1L << 40)]
    [InlineData(300, 1000)] // below the radix threshold, many equal ids
    [InlineData(512, 1L << 62)]
    [InlineData(5_000, 50)] // mostly equal ids: stability shows
    [InlineData(100_000, 600_000_000)] // REES46-sized user ids: offsets from the smallest sorted in 64-bit words
    [InlineData(20_000, 1L << 31)] // ids of both signs, at most 2^32 - 1 apart: still packed
    [InlineData(20_000, 1L << 32)] // too far apart to pack: sorted byte by byte
    public void Sorts_like_a_stable_comparison_sort(int n, long range)
    {
        var random = new Random(n);
        var ids = new long[n];
        for (int i = 0; i < n; i++)
            ids[i] = random.NextInt64(-range, range);
        var items = Enumerable.Range(0, n).ToArray();
        var expected = ids.Select((id, item) => (id, item)).OrderBy(p => p.id).ToArray(); // OrderBy is stable

        IdOrder.Sort(ids, items);

        Assert.Equal(expected.Select(p => p.id), ids);
        Assert.Equal(expected.Select(p => p.item), items);
    }

    [Fact]
    public void Extreme_ids_sort_by_sign()
    {
        long[] values = [long.MaxValue, 0, long.MinValue, -1, 1, 255, 256, -256];
        var ids = Enumerable.Range(0, 1000).Select(i => values[i % values.Length]).ToArray();
        var items = Enumerable.Range(0, ids.Length).ToArray();
        var expected = ids.Select((id, item) => (id, item)).OrderBy(p => p.id).ToArray();

        IdOrder.Sort(ids, items);

        Assert.Equal(expected.Select(p => p.id), ids);
        Assert.Equal(expected.Select(p => p.item), items);
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue - 5_000)]
    [InlineData(7)]
    public void Ids_close_together_sort_at_either_end_of_the_range(long smallest)
    {
        var random = new Random(3);
        var ids = Enumerable.Range(0, 5_000).Select(_ => smallest + random.Next(0, 5_000)).ToArray();
        var items = Enumerable.Range(0, ids.Length).ToArray();
        var expected = ids.Select((id, item) => (id, item)).OrderBy(p => p.id).ToArray();

        IdOrder.Sort(ids, items);

        Assert.Equal(expected.Select(p => p.id), ids);
        Assert.Equal(expected.Select(p => p.item), items);
    }

    [Fact]
    public void Equal_ids_keep_their_order()
    {
        var ids = Enumerable.Repeat(-42L, 2_000).ToArray();
        var items = Enumerable.Range(0, ids.Length).Reverse().ToArray();
        var expected = items.ToArray();

        IdOrder.Sort(ids, items);

        Assert.All(ids, id => Assert.Equal(-42L, id));
        Assert.Equal(expected, items);
    }

    [Fact]
    public void Ids_and_items_must_pair_up() =>
        Assert.Throws<ArgumentException>(() => IdOrder.Sort(new long[3], new int[2]));
}
