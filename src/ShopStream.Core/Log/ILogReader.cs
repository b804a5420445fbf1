namespace ShopStream.Core.Log;

/// <summary>
/// Reads one partition in offset order, in batches, from a position that <see cref="Seek"/> moves; like a Kafka
/// consumer assigned one partition. One thread at a time per reader; open as many readers as you like.
/// </summary>
public interface ILogReader : IDisposable
{
    int Partition { get; }

    /// <summary>The offset of the next record <see cref="Read"/> returns.</summary>
    long Position { get; }

    /// <summary>
    /// Fills <paramref name="batch"/> with up to its capacity of records from <see cref="Position"/> on (fewer when
    /// the reader's buffer is full or the end of the log is reached) and moves past them. Returns the count: 0 means
    /// the reader is at the end of the log; it does not wait (see <see cref="WaitToReadAsync"/>).
    /// </summary>
    int Read(LogReadBatch batch);

    /// <summary>Completes with true once a record at <see cref="Position"/> exists; false when the log is closed.</summary>
    ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Moves to <paramref name="offset"/>, which must lie between the partition's start and end offsets.</summary>
    void Seek(long offset);
}
