using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The lake's encoding thread: each full <see cref="SpoolBuffer"/> (a row group of one day's new events, or of
/// duplicates) is encoded once and appended to bronze's files (for new events, its day notes where, and spools its
/// rows' users and times: <see cref="SilverDaySpool"/>), while the
/// writer thread fills the next. Filling (fingerprints, column values) and encoding (pages, zstd, writes) are each
/// about half of the lake's work while the run reads; on one thread they could not use both cores at once, and a
/// perf timeline showed the cores idle 10-17% of the read (12 alternating 1M rounds: 5% less wall time with this
/// thread). Buffers come from a fixed pool (<see cref="HandOffQueue{T}"/>: <see cref="Rent"/> waits while every one is
/// filled or queued), so memory stays bounded, and they are encoded in the order they were handed over, so the files
/// are the same whatever the timing. The encoder's failure is thrown to the writer thread at its next call.
/// </summary>
internal sealed class SpoolEncoder : IDisposable
{
    private readonly BronzeFiles _bronze;
    private readonly PageEncoder _pages;
    private readonly ByteBuffer _encoded = new(1 << 16);
    private readonly HandOffQueue<SpoolBuffer> _queue;
    private readonly Task _thread;
    private volatile bool _abandoned;

    /// <param name="size">Buffers in the pool: those being filled, and those queued for or being encoded.</param>
    public SpoolEncoder(int size, BronzeFiles bronze, LakeRunOptions options, Utf8Strings utf8)
    {
        _bronze = bronze;
        _pages = new PageEncoder(options.Parquet.CompressionLevel);

        // Every buffer shares the encoder's page encoder: only this thread encodes.
        long ingestedTicks = options.IngestedAt.Ticks;
        _queue = new HandOffQueue<SpoolBuffer>(size, () => new SpoolBuffer(options.Parquet, ingestedTicks, utf8, _pages));
        _thread = Task.Factory.StartNew(EncodeAll, TaskCreationOptions.LongRunning);
    }

    /// <summary>An empty buffer (on the writer thread): a new one while the pool is not all made, else one the encoder has written; waits while none is.</summary>
    public SpoolBuffer Rent() => _queue.Rent();

    /// <summary>Queues a filled buffer: its rows go to bronze and, unless its <see cref="SpoolBuffer.Owner"/> is null (duplicates), are noted by that day for silver.</summary>
    public void Encode(SpoolBuffer buffer)
    {
        _queue.ThrowIfFailed();
        _queue.Publish(buffer);
    }

    /// <summary>Waits until every queued buffer is written; throws the encoder's failure.</summary>
    public void Complete()
    {
        _queue.Complete();
        _thread.GetAwaiter().GetResult();
    }

    /// <summary>Stops the thread without writing what is still queued (a run that failed), and frees the buffers.</summary>
    public void Dispose()
    {
        _abandoned = true;
        _queue.Complete();
        try
        {
            _thread.Wait();
        }
        catch (AggregateException)
        {
            // the failure was thrown to the writer thread
        }

        foreach (var buffer in _queue.Made)
            buffer.Dispose();
        _pages.Dispose();
        _queue.Dispose();
    }

    private void EncodeAll()
    {
        try
        {
            foreach (var buffer in _queue.Consume())
            {
                if (!_abandoned)
                    Write(buffer, buffer.Owner);
                buffer.Owner = null;
                buffer.Clear();
                _queue.Return(buffer);
            }
        }
        catch (Exception ex)
        {
            _queue.Fail(ex);
            throw;
        }
    }

    // One row group, encoded once: the event columns, then bronze's own; silver's day notes where in bronze's file
    // the event columns are.
    private void Write(SpoolBuffer buffer, SilverDaySpool? day)
    {
        _encoded.Clear();
        var events = buffer.Events.Encode(_encoded);
        int eventBytes = _encoded.Length;
        var read = buffer.Read.Encode(_encoded);
        var (file, offset) = _bronze.AppendRowGroup(buffer.Rows, [.. events, .. read], _encoded.Written);
        day?.Append(buffer, events, file, offset, eventBytes);
    }
}
