namespace ShopStream.Core.Tests.Log;

/// <summary>Consumer groups' committed offsets: the next offset to read, per group and partition, kept durably.</summary>
public sealed class ConsumerOffsetTests
{
    [Fact]
    public void Committed_offsets_survive_reopen()
    {
        using var log = new TestLog(TestLog.Small with { Partitions = 3 });
        for (int p = 0; p < 3; p++)
            log.Append(10 * (p + 1), partition: p);
        log.Log.Commit("processor", 0, 7);
        log.Log.Commit("processor", 2, 30);
        log.Log.Commit("processor", 0, 9);
        log.Log.Commit("audit", 1, 20);

        log.Reopen();

        Assert.Equal(9, log.Log.Committed("processor", 0));
        Assert.Null(log.Log.Committed("processor", 1));
        Assert.Equal(30, log.Log.Committed("processor", 2));
        Assert.Equal(20, log.Log.Committed("audit", 1));
        Assert.Null(log.Log.Committed("audit", 0));
    }

    [Fact]
    public void A_group_that_never_committed_has_no_offsets()
    {
        using var log = new TestLog();

        Assert.Null(log.Log.Committed("new-group", 0));
        Assert.False(Directory.Exists(Path.Combine(log.Folder, "groups")));
    }

    [Fact]
    public void Several_partitions_are_committed_together()
    {
        using var log = new TestLog(TestLog.Small with { Partitions = 2 });
        log.Append(5, partition: 0);
        log.Append(6, partition: 1);

        log.Log.Commit("processor", [new(0, 5), new(1, 6)]);
        log.Reopen();

        Assert.Equal([5L, 6L], new[] { log.Log.Committed("processor", 0), log.Log.Committed("processor", 1) });
        Assert.Single(Directory.GetFiles(Path.Combine(log.Folder, "groups")));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(6)]
    public void An_offset_outside_the_partition_cannot_be_committed(long offset)
    {
        using var log = new TestLog();
        log.Append(5);

        Assert.Throws<ArgumentOutOfRangeException>(() => log.Log.Commit("processor", 0, offset));
        Assert.Null(log.Log.Committed("processor", 0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("spaces are not allowed")]
    public void A_group_name_that_is_not_a_plain_file_name_is_refused(string group)
    {
        using var log = new TestLog();

        Assert.Throws<ArgumentException>(() => log.Log.Commit(group, 0, 0));
    }
}
