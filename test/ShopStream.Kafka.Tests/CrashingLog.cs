using ShopStream.Core.Log;

namespace ShopStream.Kafka.Tests;

/// <summary>
/// A Kafka log that "crashes" at its <c>crashAt</c>-th non-empty append: it sends only the first half of that
/// batch's records, as a process killed in the middle of producing would leave it, then throws.
/// </summary>
internal sealed class CrashingLog(KafkaEventLog inner, int crashAt) : IEventLog
{
    private int _appends;

    public int Partitions => inner.Partitions;

    public string Identity => inner.Identity;

    public long Append(int partition, LogBatch batch, ReadOnlySpan<byte> sourcePosition = default)
    {
        if (batch.Count > 1 && ++_appends == crashAt)
        {
            inner.AppendCore(partition, batch, sourcePosition.ToArray(), batch.Count / 2);
            throw new IOException("simulated crash in the middle of an append");
        }

        return inner.Append(partition, batch, sourcePosition);
    }

    public ValueTask<long> AppendAsync(int partition, LogBatch batch, ReadOnlyMemory<byte> sourcePosition = default, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Append(partition, batch, sourcePosition.Span));

    public void Flush() => inner.Flush();

    public long StartOffset(int partition) => inner.StartOffset(partition);

    public long EndOffset(int partition) => inner.EndOffset(partition);

    public byte[]? LastSourcePosition(int partition) => inner.LastSourcePosition(partition);

    public ILogReader OpenReader(int partition, long offset) => inner.OpenReader(partition, offset);

    public void Commit(string group, int partition, long offset) => inner.Commit(group, partition, offset);

    public void Commit(string group, ReadOnlySpan<PartitionOffset> offsets) => inner.Commit(group, offsets);

    public long? Committed(string group, int partition) => inner.Committed(group, partition);

    public void Dispose()
    {
    }
}
