using ShopStream.Core.Log;

namespace ShopStream.Core.Tests.Log;

/// <summary>A log that dies (throws) on the append after the first <c>appends</c>: a crash between two partitions' appends.</summary>
internal sealed class FailingLog(IEventLog inner, int appends) : IEventLog
{
    private int _left = appends;

    public int Partitions => inner.Partitions;

    public string Identity => inner.Identity;

    public long Append(int partition, LogBatch batch, ReadOnlySpan<byte> sourcePosition = default)
    {
        if (_left-- == 0)
            throw new IOException("simulated crash");
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
