using ShopStream.Lake.Runs;

namespace ShopStream.Lake.Tests.Runs;

public sealed class HandOffQueueTests
{
    private static readonly TimeSpan s_blocked = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task The_producer_waits_while_every_block_is_with_the_writer_and_goes_on_when_one_comes_back()
    {
        using var queue = new HandOffQueue<EventBlock>(2, () => new EventBlock());
        var first = queue.Rent();
        queue.Publish(first);
        queue.Publish(queue.Rent());
        Assert.Equal(2, queue.InFlight);

        var third = Task.Run(queue.Rent);
        // Waiting, not yet started: a busy pool that ran it after the Return below found a block free (Waits 0).
        Assert.True(SpinWait.SpinUntil(() => queue.Waits == 1, TimeSpan.FromSeconds(30)), "the third Rent never waited");
        await Task.WhenAny(third, Task.Delay(s_blocked));
        Assert.False(third.IsCompleted, "a third block was handed out while both were queued");

        var taken = queue.Consume().First();
        Assert.Same(first, taken);
        queue.Return(taken);
        Assert.Same(first, await third.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, queue.Waits);
        Assert.Equal(2, queue.InFlight);
    }

    [Fact]
    public async Task A_writer_failure_is_thrown_to_a_waiting_producer_and_to_every_later_one()
    {
        using var queue = new HandOffQueue<EventBlock>(1, () => new EventBlock());
        queue.Publish(queue.Rent());
        var waiting = Task.Run(queue.Rent);
        Assert.True(SpinWait.SpinUntil(() => queue.Waits == 1, TimeSpan.FromSeconds(30)), "the Rent never waited");
        await Task.WhenAny(waiting, Task.Delay(s_blocked));
        Assert.False(waiting.IsCompleted);

        queue.Fail(new IOException("disk full"));
        var thrown = await Assert.ThrowsAsync<IOException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("disk full", thrown.Message);
        Assert.Throws<IOException>(queue.Rent);
    }

    [Fact]
    public void Consume_returns_the_blocks_in_order_and_ends_once_completed()
    {
        using var queue = new HandOffQueue<EventBlock>(3, () => new EventBlock());
        var blocks = new[] { queue.Rent(), queue.Rent(), queue.Rent() };
        foreach (var b in blocks)
            queue.Publish(b);
        queue.Complete();
        Assert.Equal(blocks, queue.Consume().ToArray());
    }
}
