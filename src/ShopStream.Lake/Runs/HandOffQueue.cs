using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace ShopStream.Lake.Runs;

/// <summary>
/// Hands items from one producer thread to one consumer through a fixed pool: the reader's batches to the lake's
/// writer thread (<see cref="EventBlock"/>), and the writer's row groups to its encoding thread
/// (<see cref="SpoolBuffer"/>). <see cref="Rent"/> gives a free item, or a new one while fewer than the pool's size
/// are made, and otherwise waits while every item is queued or being consumed (backpressure: the producer never runs
/// more than the pool ahead, so memory is bounded); once the consumer has failed it throws that failure instead, so
/// the producer stops rather than waits.
/// </summary>
internal sealed class HandOffQueue<T> : IDisposable
    where T : class
{
    private readonly int _size;
    private readonly Func<T> _create;
    private readonly List<T> _made = [];
    private readonly BlockingCollection<T> _free;
    private readonly BlockingCollection<T> _full;
    private readonly CancellationTokenSource _failed = new();
    private volatile ExceptionDispatchInfo? _failure;

    /// <param name="size">Items in the pool, made as the producer first needs them.</param>
    public HandOffQueue(int size, Func<T> create)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _size = size;
        _create = create;
        _free = new BlockingCollection<T>(size);
        _full = new BlockingCollection<T>(size);
    }

    /// <summary>Items queued or being consumed right now.</summary>
    public int InFlight => _made.Count - _free.Count;

    /// <summary>How many times <see cref="Rent"/> had to wait for the consumer.</summary>
    public long Waits { get; private set; }

    /// <summary>The items made so far (for their owner to dispose of once both threads are done).</summary>
    public IReadOnlyList<T> Made => _made;

    /// <summary>A free item for the producer; waits for one while the consumer is behind.</summary>
    public T Rent()
    {
        ThrowIfFailed();
        if (_free.TryTake(out var item))
            return item;
        if (_made.Count < _size)
        {
            item = _create();
            _made.Add(item);
            return item;
        }

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

    /// <summary>Queues a filled item for the consumer.</summary>
    public void Publish(T item) => _full.Add(item);

    /// <summary>No more items: the consumer's <see cref="Consume"/> ends once the queue is empty.</summary>
    public void Complete() => _full.CompleteAdding();

    /// <summary>The consumer's loop: each queued item, in order; give it back with <see cref="Return"/>.</summary>
    public IEnumerable<T> Consume() => _full.GetConsumingEnumerable();

    public void Return(T item) => _free.Add(item);

    /// <summary>The consumer failed: the producer's next (or current) <see cref="Rent"/> throws <paramref name="error"/>.</summary>
    public void Fail(Exception error)
    {
        _failure = ExceptionDispatchInfo.Capture(error);
        _failed.Cancel();
    }

    /// <summary>Throws the consumer's failure, if it has failed.</summary>
    public void ThrowIfFailed() => _failure?.Throw();

    public void Dispose()
    {
        _free.Dispose();
        _full.Dispose();
        _failed.Dispose();
    }
}
