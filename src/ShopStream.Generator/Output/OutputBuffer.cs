using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace ShopStream.Generator.Output;

/// <summary>
/// A pooled byte buffer in front of a stream: records are formatted straight into it, no string per row. With
/// <c>background</c>, full buffers are handed to a writer thread (a few in flight), so formatting never waits for
/// the disk or the pipe; a write error surfaces on the next flush.
/// </summary>
internal sealed class OutputBuffer : IDisposable
{
    private const int InFlight = 3;
    private readonly Stream _output;
    private readonly int _capacity;
    private readonly BlockingCollection<(byte[] Buffer, int Length)>? _queue;
    private readonly Thread? _writer;
    private byte[] _buffer;
    private Exception? _error;

    public OutputBuffer(Stream output, int capacity = 1 << 20, bool background = false)
    {
        _output = output;
        _capacity = capacity;
        _buffer = ArrayPool<byte>.Shared.Rent(capacity);
        if (background)
        {
            _queue = new BlockingCollection<(byte[], int)>(InFlight);
            _writer = new Thread(Write) { IsBackground = true, Name = "shopstream-generate-writer" };
            _writer.Start();
        }
    }

    public int Position;

    /// <summary>Bytes handed on so far.</summary>
    public long Flushed { get; private set; }

    public long Total => Flushed + Position;

    /// <summary>Room for at least <paramref name="bytes"/> at <see cref="Position"/>, flushing first when needed.</summary>
    public Span<byte> Reserve(int bytes)
    {
        if (Position + bytes > _buffer.Length)
        {
            Flush();
            if (bytes > _buffer.Length)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(bytes);
            }
        }

        return _buffer.AsSpan(Position);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        Position += bytes.Length;
    }

    /// <summary>Hands what is buffered to the stream (or to the writer thread).</summary>
    public void Flush()
    {
        ThrowIfFailed();
        if (Position == 0)
            return;
        if (_queue is null)
        {
            _output.Write(_buffer, 0, Position);
        }
        else
        {
            _queue.Add((_buffer, Position));
            _buffer = ArrayPool<byte>.Shared.Rent(_capacity);
        }

        Flushed += Position;
        Position = 0;
    }

    /// <summary>Flushes and waits until everything has reached the stream.</summary>
    public void Complete()
    {
        Flush();
        if (_queue is not null && !_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
            _writer!.Join();
        }

        ThrowIfFailed();
        _output.Flush();
    }

    private void Write()
    {
        foreach (var (buffer, length) in _queue!.GetConsumingEnumerable())
        {
            try
            {
                if (Volatile.Read(ref _error) is null)
                    _output.Write(buffer, 0, length);
            }
            catch (Exception ex)
            {
                Volatile.Write(ref _error, ex);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _error) is { } error)
            ExceptionDispatchInfo.Throw(error);
    }

    public void Dispose()
    {
        if (_queue is not null)
        {
            if (!_queue.IsAddingCompleted)
                _queue.CompleteAdding();
            _writer!.Join();
            _queue.Dispose();
        }

        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
