using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Ingest;

/// <summary>
/// Reads every input in order, validates each record, hands accepted events on in batches and rejected ones to
/// the dead-letter sink. Nothing is lost: <c>read = accepted + rejected</c>.
/// Parsing runs on <c>parseThreads</c> workers, but blocks of records are handed on strictly in input order, so
/// the events the stream operators see, and the dead-letter file, are the same whatever the thread count.
/// </summary>
public sealed class EventReader(
    IReadOnlyList<InputFile> inputs, InputFormat? format, IRejectSink rejects, int batchSize = 4096, int parseThreads = 1, ResumePoint? resume = null)
{
    private readonly EventBatch _batch = new();
    private RecordSplitter? _splitter;

    public ReadCounters Counters { get; } = new();

    /// <summary>The dead-letter sink, for later stages that reject accepted events (late data).</summary>
    public IRejectSink Rejects => rejects;

    /// <summary>Total input size in bytes, when every input has a known size.</summary>
    public long? TotalBytes => InputFiles.TotalBytes(inputs);

    /// <summary>
    /// Hand records on as soon as the input pauses instead of when a batch is full (set before <see cref="ReadAll"/>):
    /// for live serving, so the state answers for everything written so far. Off, batches are always full but the last.
    /// </summary>
    public bool HandOnWhenStalled { get; set; }

    /// <summary>
    /// Leave out the last input's last line when no line break ends it (set before <see cref="ReadAll"/>): for an
    /// ingest, which resumes after the lines it took, so that a file still being written gives its last line whole to
    /// the next one. A stream's end is its end, a file before the last is whole, and a gzip file cannot be read while
    /// it is written: their last lines are read as ever.
    /// </summary>
    public bool HoldUnterminatedTail { get; set; }

    /// <summary>The first CSV record that ran to the end of its file inside a quote, once reading is done (see <see cref="RecordSplitter.OpenQuote"/>).</summary>
    public OpenQuote? OpenQuote => _splitter?.OpenQuote;

    /// <summary>Whether the last input's last line was left out (see <see cref="HoldUnterminatedTail"/>), once reading is done.</summary>
    public bool HeldTail => _splitter?.HeldTail is not null;

    /// <summary>What a reading command should say of the input's framing, once reading is done (<see cref="RecordSplitter.Warnings"/>).</summary>
    public IReadOnlyList<string> Warnings => _splitter?.Warnings ?? [];

    /// <summary>Bytes of input consumed so far (for progress; safe from another thread).</summary>
    public long BytesRead => _splitter?.BytesRead ?? 0;

    /// <summary>
    /// Reads everything; <paramref name="onBatch"/> is called on this thread, in input order, with a batch that
    /// is reused afterwards (copy what you keep). Input errors surface here as <see cref="InputException"/>.
    /// </summary>
    public void ReadAll(Action<EventBatch> onBatch, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parseThreads, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int inFlight = parseThreads * 2 + 2;
        using var inOrder = new BlockingCollection<RecordBlock>(inFlight);
        using var toParse = new BlockingCollection<RecordBlock>();
        var free = new ConcurrentBag<RecordBlock>();
        Exception? failure = null;
        void Fail(Exception ex)
        {
            Interlocked.CompareExchange(ref failure, ex, null);
            stop.Cancel();
        }

        _splitter = new RecordSplitter(
            inputs,
            format,
            resume,
            rent: () => free.TryTake(out var b) ? b : new RecordBlock(batchSize),
            post: b =>
            {
                inOrder.Add(b, stop.Token);
                toParse.Add(b, stop.Token);
            },
            HandOnWhenStalled,
            HoldUnterminatedTail);
        var threads = new List<Thread>
        {
            Start("shopstream-split", () =>
            {
                try
                {
                    _splitter.Run(stop.Token);
                }
                finally
                {
                    inOrder.CompleteAdding();
                    toParse.CompleteAdding();
                }
            }),
        };
        for (int w = 0; w < parseThreads; w++)
        {
            threads.Add(Start($"shopstream-parse-{w}", () =>
            {
                var parser = new BlockParser();
                foreach (var block in toParse.GetConsumingEnumerable(stop.Token))
                {
                    parser.Parse(block);
                    block.Parsed.Set();
                }
            }));
        }

        Thread Start(string name, Action work)
        {
            var t = new Thread(() =>
            {
                try
                {
                    work();
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // stopping because another stage failed or the run was cancelled
                }
                catch (Exception ex)
                {
                    Fail(ex);
                }
            }) { IsBackground = true, Name = name };
            t.Start();
            return t;
        }

        try
        {
            foreach (var block in inOrder.GetConsumingEnumerable(stop.Token))
            {
                block.Parsed.Wait(stop.Token);
                Deliver(block, onBatch);
                free.Add(block);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || failure is null)
        {
            Fail(ex);
        }
        catch (OperationCanceledException)
        {
            // a stage failed: reported below
        }
        finally
        {
            stop.Cancel();
            foreach (var t in threads)
                t.Join();
        }

        if (failure is not null && failure is not OperationCanceledException)
            ExceptionDispatchInfo.Throw(failure);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void Deliver(RecordBlock block, Action<EventBatch> onBatch)
    {
        for (int r = 0; r < block.RejectedCount; r++)
        {
            int i = block.RejectedIndex[r];
            var reason = block.RejectedReason[r];
            Counters.CountRejected(reason);
            rejects.Reject(block.Input.Name, block.Lines[i], reason, block.Record(i), block.RawLengths[i]);
        }

        Counters.CountAccepted(block.EventCount);
        onBatch(_batch.Over(block));
    }
}
