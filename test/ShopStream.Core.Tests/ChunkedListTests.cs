using ShopStream.Core.Processing;

namespace ShopStream.Core.Tests;

/// <summary>The chunked list behind a partition's closed sessions: values in the order added, across chunks and after emptying.</summary>
public sealed class ChunkedListTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4_096)] // exactly one chunk
    [InlineData(4_097)] // the first value of the second chunk
    [InlineData(20_000)] // five chunks: the chunk table grows too
    public void Holds_the_values_in_the_order_added(int count)
    {
        var list = new ChunkedList<long>();
        for (long i = 0; i < count; i++)
            list.Add(i * 3);

        Assert.Equal(count, list.Count);
        for (int i = 0; i < count; i++)
            Assert.Equal(i * 3L, list[i]);
        var enumerated = new List<long>();
        foreach (long value in list)
            enumerated.Add(value);
        Assert.Equal(Enumerable.Range(0, count).Select(i => i * 3L), enumerated);
    }

    [Fact]
    public void Emptied_list_holds_only_what_is_added_after()
    {
        var list = new ChunkedList<int>();
        for (int i = 0; i < 5_000; i++)
            list.Add(i);
        list.Clear();
        list.Add(-1);
        list.Add(-2);

        Assert.Equal(2, list.Count);
        Assert.Equal([-1, -2], [list[0], list[1]]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[2]);
    }

    [Fact]
    public void Index_outside_the_values_is_refused()
    {
        var list = new ChunkedList<int>();
        list.Add(7);

        Assert.Throws<ArgumentOutOfRangeException>(() => list[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-1]);
    }
}
