using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Core.Tests;

/// <summary>The user table's id to slot index against a <c>Dictionary</c>: adds, lookups and removals in any mix.</summary>
public sealed class UserIndexTests
{
    [Theory]
    [InlineData(1, 50)] // few ids: long probe runs and wrap-around, removals shift entries back
    [InlineData(2, 5_000)]
    [InlineData(3, long.MaxValue)] // any id, 0 and negatives included
    public void Behaves_like_a_dictionary_under_churn(int seed, long range)
    {
        var random = new Random(seed);
        var index = new UserIndex();
        var expected = new Dictionary<long, int>();
        for (int step = 0; step < 200_000; step++)
        {
            long id = random.NextInt64(-range, range);
            if (random.Next(3) == 0)
            {
                Assert.Equal(expected.Remove(id), index.Remove(id));
                continue;
            }

            ref int slotPlusOne = ref index.GetOrAdd(id, out bool exists);
            Assert.Equal(expected.ContainsKey(id), exists);
            if (exists)
            {
                Assert.Equal(expected[id] + 1, slotPlusOne);
            }
            else
            {
                Assert.Equal(0, slotPlusOne);
                slotPlusOne = step + 1;
                expected[id] = step;
            }
        }

        Assert.Equal(expected.Count, index.Count);
        Assert.Equal(expected.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)), index.Pairs().OrderBy(p => p.Id));
        foreach (var (id, slot) in expected)
        {
            Assert.True(index.TryGet(id, out int found));
            Assert.Equal(slot, found);
        }

        Assert.False(index.TryGet(range == long.MaxValue ? long.MaxValue : range + 1, out int none));
        Assert.Equal(-1, none);
    }

    [Fact]
    public void Removing_everything_leaves_an_empty_index()
    {
        var index = new UserIndex();
        for (long id = 0; id < 10_000; id++)
            index.GetOrAdd(id * 7919, out _) = (int)id + 1;
        for (long id = 0; id < 10_000; id++)
            Assert.True(index.Remove(id * 7919));

        Assert.Equal(0, index.Count);
        Assert.Empty(index.Pairs());
        Assert.False(index.Remove(0));
    }
}
