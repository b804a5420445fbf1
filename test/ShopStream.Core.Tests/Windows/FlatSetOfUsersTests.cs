using ShopStream.Core.Processing;

namespace ShopStream.Core.Tests.Windows;

public sealed class FlatSetOfUsersTests
{
    [Fact]
    public void User_set_agrees_with_a_hash_set_through_growth_union_and_clear()
    {
        var random = new Random(46);
        var set = new FlatSet<long>();
        var other = new FlatSet<long>();
        var reference = new HashSet<long>();
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 20_000; i++)
            {
                // Few distinct ids, so most adds are repeats; id 0 and negative ids included.
                long user = random.Next(-100, 6_000);
                Assert.Equal(reference.Add(user), set.Add(user));
                other.Add(user + 3_000);
            }

            Assert.Equal(reference.Count, set.Count);
            Assert.True(reference.SetEquals(set.Items()));
            set.UnionWith(other);
            reference.UnionWith(other.Items());
            Assert.Equal(reference.Count, set.Count);
            Assert.True(reference.SetEquals(set.Items()));
            set.Clear();
            other.Release();
            reference.Clear();
            Assert.Equal(0, set.Count);
            Assert.Empty(set.Items());
        }
    }
}
