namespace ShopStream.Core.Log;

/// <summary>
/// A durable, partitioned log of opaque records, with the shape of a Kafka topic: appends to a partition get
/// consecutive offsets, readers read a partition from an offset, and consumer groups commit the offset to resume
/// from. The log never looks inside a payload (<see cref="ShopEventSerializer"/> turns events into payloads) and
/// never picks a partition: callers route by key (<see cref="Processing.Partitioner"/> for user ids), so every
/// implementation places a user's events alike.
/// <para>
/// Thread-safety: appends to one partition are serialized (the intended use is one writer per partition; batch
/// concurrent requests into one append rather than appending them one by one), appends to different partitions
/// run in parallel, readers are independent of writers and of each other, and the remaining members may be called
/// from any thread.
/// </para>
/// </summary>
public interface IEventLog : IDisposable
{
    int Partitions { get; }

    /// <summary>
    /// Which log this is, for checkpoints: their offsets mean nothing in another log (one deleted and filled again
    /// under the same name), so a checkpoint of another identity is refused.
    /// </summary>
    string Identity { get; }

    /// <summary>
    /// Appends <paramref name="batch"/> to <paramref name="partition"/> as one unit (after a crash all of its records
    /// are there or none) and returns the offset given to its first record. <paramref name="sourcePosition"/>, when
    /// not empty, is stored with the batch: an opaque marker of how far into its input the writer had got (for
    /// example a file name and byte offset), returned by <see cref="LastSourcePosition"/>. A batch with no records
    /// may still carry a source position. The batch is left as it was; clear it to reuse it.
    /// </summary>
    long Append(int partition, LogBatch batch, ReadOnlySpan<byte> sourcePosition = default);

    /// <summary>
    /// How many leading records of a batch of <paramref name="count"/> about to be appended with
    /// <paramref name="sourcePosition"/> a crash already put there, which <see cref="Append"/> skips: a Kafka batch cut
    /// short (<see cref="LastSourcePosition"/> finds it). None for a log whose batches land whole.
    /// </summary>
    int AlreadyLanded(int partition, int count, ReadOnlySpan<byte> sourcePosition) => 0;

    /// <inheritdoc cref="Append"/>
    ValueTask<long> AppendAsync(int partition, LogBatch batch, ReadOnlyMemory<byte> sourcePosition = default, CancellationToken cancellationToken = default);

    /// <summary>Makes everything appended so far durable, whatever the implementation's flush policy.</summary>
    void Flush();

    /// <summary>The offset of the oldest record still kept (retention deletes from the start).</summary>
    long StartOffset(int partition);

    /// <summary>The offset the next appended record will get: one past the last record.</summary>
    long EndOffset(int partition);

    /// <summary>The source position of the last batch appended with one, or null if there has been none.</summary>
    /// <exception cref="ForeignTailException">The partition ends with another producer's record, which carries none.</exception>
    byte[]? LastSourcePosition(int partition);

    /// <summary>
    /// The source position of the last batch appended with one, looking past other producers' records at the
    /// partition's end (which <see cref="LastSourcePosition"/> refuses, as an ingest cannot resume there): its
    /// counters are what the ingest read. Null if there has been none, or the log cannot look (only Kafka's
    /// partitions end with other producers' records).
    /// </summary>
    byte[]? LastSourcePositionBeforeOthers(int partition) => null;

    /// <summary>A reader of <paramref name="partition"/> positioned at <paramref name="offset"/>.</summary>
    ILogReader OpenReader(int partition, long offset);

    /// <summary>Records, durably, that <paramref name="group"/> resumes <paramref name="partition"/> at <paramref name="offset"/> (the next offset to read).</summary>
    void Commit(string group, int partition, long offset);

    /// <summary>Commits several partitions at once: they are all recorded or none.</summary>
    void Commit(string group, ReadOnlySpan<PartitionOffset> offsets);

    /// <summary>The offset <paramref name="group"/> last committed for <paramref name="partition"/>, or null if it never did.</summary>
    long? Committed(string group, int partition);
}
