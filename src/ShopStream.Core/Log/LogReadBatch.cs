namespace ShopStream.Core.Log;

/// <summary>
/// Records read from one partition, consecutive from <see cref="FirstOffset"/>, filled by <see cref="ILogReader.Read"/>.
/// Records are views into the reader's buffer: they stay valid until the next read with the same reader. Reusable
/// (nothing is allocated per read once the buffers have grown to size). Not thread-safe.
/// </summary>
public sealed class LogReadBatch
{
    private byte[] _buffer = [];
    private readonly int[] _starts;
    private readonly int[] _lengths;

    /// <param name="maxRecords">The most records one read returns.</param>
    public LogReadBatch(int maxRecords = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        _starts = new int[maxRecords];
        _lengths = new int[maxRecords];
    }

    public int Capacity => _starts.Length;

    public int Count { get; private set; }

    public long FirstOffset { get; private set; }

    /// <summary>The offset after the last record: where the next read continues.</summary>
    public long NextOffset => FirstOffset + Count;

    public LogRecord this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return RecordFrame.Read(_buffer.AsSpan(_starts[index], _lengths[index]), FirstOffset + index);
        }
    }

    internal void Reset(long firstOffset)
    {
        FirstOffset = firstOffset;
        Count = 0;
    }

    /// <summary>Adds a record frame lying in <paramref name="buffer"/> (every record of one read lies in the same buffer).</summary>
    internal void Add(byte[] buffer, int start, int length)
    {
        _buffer = buffer;
        _starts[Count] = start;
        _lengths[Count++] = length;
    }
}
