using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace ShopStream.Lake.Runs;

/// <summary>
/// Hands reader batches to the lake's writer thread through a fixed pool of blocks: <see cref="Rent"/> waits while
/// every block is queued or being written (backpressure: the reader never runs more than the pool ahead, so memory is
/// bounded), and once the writer has failed it throws that failure instead, so the run stops rather than waits.
/// </summary>
internal sealed class EventBlockQueue : IDisposable
{
    private readonly BlockingCollection<EventBlock> _free;
    private readonly BlockingCollection<EventBlock> _full;
    private readonly CancellationTokenSource _failed = new();
    private volatile ExceptionDispatchInfo? _failure;

    public EventBlockQueue(int blocks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1);
        _free = new BlockingCollection<EventBlock>(blocks);
        _full = new BlockingCollection<EventBlock>(blocks);
        for (int i = 0; i < blocks; i++)
            _free.Add(new EventBlock());
    }

    /// <summary>Blocks queued or being written right now.</summary>
    public int InFlight => _free.BoundedCapacity - _free.Count;

    /// <summary>How many times <see cref="Rent"/> had to wait for the writer.</summary>
    public long Waits { get; private set; }

    /// <summary>A free block for the producer; waits for one while the writer is behind.</summary>
    public EventBlock Rent()
    {
        _failure?.Throw();
        if (_free.TryTake(out var block))
            return block;
        Waits++;
        try
        {
            return _free.Take(_failed.Token);
        }
        catch (OperationCanceledException)
        {
            _failure!.Throw();
            throw;
        }
    }

    /// <summary>Queues a filled block for the writer.</summary>
    public void Publish(EventBlock block) => _full.Add(block);

    /// <summary>No more blocks: the writer's <see cref="Consume"/> ends once the queue is empty.</summary>
    public void Complete() => _full.CompleteAdding();

    /// <summary>The writer's loop: each queued block, in order; give it back with <see cref="Return"/>.</summary>
    public IEnumerable<EventBlock> Consume() => _full.GetConsumingEnumerable();

    public void Return(EventBlock block) => _free.Add(block);

    /// <summary>The writer failed: the producer's next (or current) <see cref="Rent"/> throws <paramref name="error"/>.</summary>
    public void Fail(Exception error)
    {
        _failure = ExceptionDispatchInfo.Capture(error);
        _failed.Cancel();
    }

    public void Dispose()
    {
        _free.Dispose();
        _full.Dispose();
        _failed.Dispose();
    }
}
