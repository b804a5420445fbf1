using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The lake's encoding thread: each full <see cref="SpoolBuffer"/> (a row group of one day's new events, or of
/// duplicates) is encoded once and appended to bronze's files and, for new events, to its day's spool, while the
/// writer thread fills the next. Filling (fingerprints, column values) and encoding (pages, zstd, writes) are each
/// about half of the lake's work while the run reads; on one thread they could not use both cores at once, and a
/// perf timeline showed the cores idle 10-17% of the read (12 alternating 1M rounds: 5% less wall time with this
/// thread). Buffers come from a fixed pool (<see cref="Rent"/> waits while every one is filled or queued), so memory
/// stays bounded, and they are encoded in the order they were handed over, so the files are the same whatever the
/// timing. The encoder's failure is thrown to the writer thread at its next call.
/// </summary>
internal sealed class SpoolEncoder : IDisposable
{
    private readonly int _size;
    private readonly ParquetWriteOptions _options;
    private readonly long _ingestedTicks;
    private readonly Utf8Strings _utf8;
    private readonly BronzeFiles _bronze;
    private readonly PageEncoder _pages;
    private readonly ByteBuffer _encoded = new(1 << 16);
    private readonly List<SpoolBuffer> _buffers = [];
    private readonly BlockingCollection<SpoolBuffer> _free = [];
    private readonly BlockingCollection<SpoolBuffer> _full = [];
    private readonly CancellationTokenSource _failed = new();
    private readonly Task _thread;
    private volatile ExceptionDispatchInfo? _failure;
    private volatile bool _abandoned;

    /// <param name="size">Buffers in the pool: those being filled, and those queued for or being encoded.</param>
    public SpoolEncoder(int size, BronzeFiles bronze, LakeRunOptions options, Utf8Strings utf8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _size = size;
        _options = options.Parquet;
        _ingestedTicks = options.IngestedAt.Ticks;
        _utf8 = utf8;
        _bronze = bronze;
        _pages = new PageEncoder(options.Parquet.CompressionLevel);
        _thread = Task.Factory.StartNew(EncodeAll, TaskCreationOptions.LongRunning);
    }

    /// <summary>An empty buffer (on the writer thread): a new one while the pool is not all made, else one the encoder has written; waits while none is.</summary>
    public SpoolBuffer Rent()
    {
        _failure?.Throw();
        if (_free.TryTake(out var buffer))
            return buffer;
        if (_buffers.Count < _size)
        {
            // Every buffer shares the encoder's page encoder: only this thread encodes.
            buffer = new SpoolBuffer(_options, _ingestedTicks, _utf8, _pages);
            _buffers.Add(buffer);
            return buffer;
        }

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

    /// <summary>Queues a filled buffer: its rows go to bronze and, unless its <see cref="SpoolBuffer.Owner"/> is null (duplicates), to that day's spool.</summary>
    public void Encode(SpoolBuffer buffer)
    {
        _failure?.Throw();
        _full.Add(buffer);
    }

    /// <summary>Waits until every queued buffer is written; throws the encoder's failure.</summary>
    public void Complete()
    {
        _full.CompleteAdding();
        _thread.GetAwaiter().GetResult();
    }

    /// <summary>Stops the thread without writing what is still queued (a run that failed), and frees the buffers.</summary>
    public void Dispose()
    {
        _abandoned = true;
        if (!_full.IsAddingCompleted)
            _full.CompleteAdding();
        try
        {
            _thread.Wait();
        }
        catch (AggregateException)
        {
            // the failure was thrown to the writer thread
        }

        foreach (var buffer in _buffers)
            buffer.Dispose();
        _pages.Dispose();
        _free.Dispose();
        _full.Dispose();
        _failed.Dispose();
    }

    private void EncodeAll()
    {
        try
        {
            foreach (var buffer in _full.GetConsumingEnumerable())
            {
                if (!_abandoned)
                    Write(buffer, buffer.Owner);
                buffer.Owner = null;
                buffer.Clear();
                _free.Add(buffer);
            }
        }
        catch (Exception ex)
        {
            _failure = ExceptionDispatchInfo.Capture(ex);
            _failed.Cancel();
            throw;
        }
    }

    // One row group, encoded once: the event columns, then bronze's own; silver's spool takes the event columns.
    private void Write(SpoolBuffer buffer, SilverDaySpool? day)
    {
        _encoded.Clear();
        var events = buffer.Events.Encode(_encoded);
        int eventBytes = _encoded.Length;
        var read = buffer.Read.Encode(_encoded);
        _bronze.AppendRowGroup(buffer.Rows, [.. events, .. read], _encoded.Written);
        day?.Append(buffer, events, _encoded.Written[..eventBytes]);
    }
}
