namespace ShopStream.Core.Log;

/// <summary>
/// Records to append to one partition as one batch: the log writes them with one write (and at most one fsync),
/// gives them consecutive offsets, and after a crash keeps all of them or none. Records are encoded as they are
/// added, in the log's record frame, so an append copies this buffer and nothing else. Reusable: <see cref="Clear"/>
/// keeps the buffer, so a steady stream of batches allocates nothing. Not thread-safe.
/// </summary>
public sealed class LogBatch
{
    /// <summary>The largest encoded batch: segment positions and frame lengths stay well inside 32 bits.</summary>
    public const int MaxBytes = 1 << 30;

    private byte[] _buffer;
    private int[] _starts = new int[64];
    private int _length;

    public LogBatch(int initialBytes = 64 * 1024) => _buffer = new byte[Math.Max(initialBytes, RecordFrame.HeaderSize)];

    public int Count { get; private set; }

    /// <summary>Encoded size: what the records add to the log (plus a small batch header).</summary>
    public int ByteLength => _length;

    /// <summary>The encoded frames, in order.</summary>
    internal ReadOnlyMemory<byte> Frames => _buffer.AsMemory(0, _length);

    /// <summary>Record <paramref name="index"/>; its <see cref="LogRecord.Offset"/> is its index in the batch.</summary>
    public LogRecord this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            int start = _starts[index];
            int end = index + 1 < Count ? _starts[index + 1] : _length;
            return RecordFrame.Read(_buffer.AsSpan(start, end - start), index);
        }
    }

    public void Add(long key, long timestamp, ReadOnlySpan<byte> payload)
    {
        payload.CopyTo(GetSpan(payload.Length));
        Advance(key, timestamp, payload.Length);
    }

    /// <summary>
    /// Space for the next record's payload, at least <paramref name="sizeHint"/> bytes: write the payload there and
    /// call <see cref="Advance"/> (as with <see cref="System.Buffers.IBufferWriter{T}"/>), to encode without a copy.
    /// </summary>
    public Span<byte> GetSpan(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        long needed = (long)_length + RecordFrame.HeaderSize + sizeHint;
        if (needed > MaxBytes)
            throw new InvalidOperationException($"a log batch holds at most {MaxBytes} encoded bytes; append this one and start another");
        if (needed > _buffer.Length)
            Array.Resize(ref _buffer, (int)Math.Min(MaxBytes, Math.Max(needed, (long)_buffer.Length * 2)));
        return _buffer.AsSpan(_length + RecordFrame.HeaderSize);
    }

    /// <summary>Completes a record whose first <paramref name="payloadLength"/> bytes were written to <see cref="GetSpan"/>'s span.</summary>
    public void Advance(long key, long timestamp, int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, _buffer.Length - _length - RecordFrame.HeaderSize);
        int frame = RecordFrame.HeaderSize + payloadLength;
        RecordFrame.Seal(_buffer.AsSpan(_length, frame), key, timestamp);
        if (Count == _starts.Length)
            Array.Resize(ref _starts, _starts.Length * 2);
        _starts[Count++] = _length;
        _length += frame;
    }

    public void Clear()
    {
        Count = 0;
        _length = 0;
    }
}
