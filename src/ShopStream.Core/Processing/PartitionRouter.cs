using System.Collections.Concurrent;
using ShopStream.Core.Ingest;
using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Processing.Windows;
using ShopStream.Core.Serving;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Processing;

/// <summary>
/// Stamps each event with the stream watermark (max event time so far minus allowed disorder, computed in
/// arrival order on the reading thread, so it does not depend on the partition count), routes it to the
/// partition that owns its user, and runs one worker thread per partition behind a bounded queue.
/// Events beyond the windows' lateness are dead-lettered here, in input order, as <c>late</c> (partitions still
/// apply them to profiles and sessions, and leave them out of windows by the same rule). Price changes are watched
/// here too: products span partitions, and this is the one thread that sees every event in arrival order.
/// </summary>
internal sealed partial class PartitionRouter : IDisposable
{
    private const int QueueDepth = 4;
    private readonly PartitionProcessor[] _partitions;
    private readonly BlockingCollection<PartitionBatch>[] _queues;
    private readonly ConcurrentBag<PartitionBatch> _free = [];
    private readonly PartitionBatch[] _filling;
    private readonly long[] _lastSent;
    private readonly Thread[] _workers;
    private readonly CancellationTokenSource _failed = new();
    private readonly LatePolicy _late;
    private readonly IRejectSink _deadLetters;
    private readonly int _batchSize;
    private readonly PriceWatch _prices;
    private readonly bool _analytics;
    private readonly LivePipeline? _live;
    private StreamWatermark _watermark;
    private Exception? _error;

    /// <param name="live">Told of each batch processed, when the pipeline's state is served live.</param>
    public PartitionRouter(PartitionProcessor[] partitions, PipelineOptions options, IRejectSink deadLetters, LivePipeline? live = null)
    {
        _partitions = partitions;
        _live = live;
        _watermark = new StreamWatermark(options.AllowedDisorder);
        _late = options.Late;
        _deadLetters = deadLetters;
        _batchSize = options.BatchSize;
        _prices = new PriceWatch(options.Alerts.PriceChangeRatio);
        _analytics = options.Analytics;
        _queues = new BlockingCollection<PartitionBatch>[partitions.Length];
        _filling = new PartitionBatch[partitions.Length];
        _lastSent = new long[partitions.Length];
        Array.Fill(_lastSent, long.MinValue);
        _workers = new Thread[partitions.Length];
        for (int p = 0; p < partitions.Length; p++)
        {
            _queues[p] = new BlockingCollection<PartitionBatch>(QueueDepth);
            _filling[p] = Rent();
            int id = p;
            _workers[p] = new Thread(() => Work(id)) { IsBackground = true, Name = $"shopstream-partition-{p}" };
            _workers[p].Start();
        }
    }

    /// <summary>Events dropped from windows for arriving beyond the allowed lateness.</summary>
    public long LateDropped { get; private set; }

    /// <summary>Price change alerts, in arrival order.</summary>
    public List<Alert> PriceAlerts => _prices.Alerts;

    public void Route(EventBatch input)
    {
        int n = _partitions.Length;
        var events = input.Events;
        for (int i = 0; i < input.Count; i++)
        {
            ref readonly var e = ref events[i];
            _watermark.See(e.EventTimeTicks);
            long watermark = _watermark.Current;
            if (_late.IsTooLate(e.EventTimeTicks, watermark))
            {
                LateDropped++;
                var raw = input.RawOf(i);
                _deadLetters.Reject(input.Source, input.LineOf(i), RejectReason.Late, raw, raw.Length);
            }

            if (_analytics)
                _prices.See(e);

            int p = n == 1 ? 0 : Partitioner.Of(e.UserId, n);
            var batch = _filling[p];
            batch.Events[batch.Count] = e;
            batch.Watermarks[batch.Count++] = watermark;
            if (batch.IsFull)
            {
                Post(p, batch);
                _filling[p] = Rent();
            }
        }

        if (input.Stalled)
            HandOnAll();
        SendHeartbeats();
    }

    /// <summary>Sends what is left, lets every partition finish, and rethrows a worker's failure.</summary>
    public void Complete()
    {
        for (int p = 0; p < _partitions.Length; p++)
        {
            if (_filling[p].Count > 0)
                Post(p, _filling[p]);
            _queues[p].CompleteAdding();
        }

        foreach (var w in _workers)
            w.Join();
        ThrowIfFailed();
    }

    // A partition that got no events in this input batch still hears where the stream's watermark is, so its
    // windows and sessions close on time instead of waiting for its next event. (The watermark is the stream's,
    // so an idle partition never holds the others back.) Results are the same either way: only when they are
    // final changes.
    private void SendHeartbeats()
    {
        long watermark = _watermark.Current;
        if (watermark == long.MinValue)
            return; // no event yet, so no watermark
        for (int p = 0; p < _partitions.Length; p++)
        {
            if (_filling[p].Count == 0 && _lastSent[p] < watermark)
            {
                Post(p, _filling[p]);
                _filling[p] = Rent();
            }
        }
    }

    private void Post(int partition, PartitionBatch batch)
    {
        batch.Watermark = _watermark.Current;
        _lastSent[partition] = batch.Watermark;
        try
        {
            _queues[partition].Add(batch, _failed.Token);
        }
        catch (OperationCanceledException)
        {
            ThrowIfFailed();
            throw;
        }
    }

    private PartitionBatch Rent()
    {
        if (!_free.TryTake(out var batch))
            batch = new PartitionBatch(_batchSize);
        batch.Count = 0;
        return batch;
    }

    private void Work(int p)
    {
        try
        {
            var partition = _partitions[p];
            foreach (var batch in _queues[p].GetConsumingEnumerable(_failed.Token))
            {
                // The gate is held per batch, never while waiting for one: a live query reads between batches.
                lock (partition.Gate)
                {
                    partition.Process(batch.Events.AsSpan(0, batch.Count), batch.Watermarks.AsSpan(0, batch.Count));
                    partition.Advance(batch.Watermark);
                }

                _live?.Processed(batch.Count);
                var barrier = batch.Barrier;
                batch.Barrier = null;
                _free.Add(batch);
                barrier?.Signal();
            }

            lock (partition.Gate)
                partition.Finish();
        }
        catch (OperationCanceledException) when (_failed.IsCancellationRequested)
        {
            // another worker failed first; its error is the one reported
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _error, ex, null);
            _failed.Cancel();
        }
    }

    private void ThrowIfFailed()
    {
        if (_error is { } error)
            throw new InvalidOperationException($"a partition worker failed: {error.Message}", error);
    }

    public void Dispose()
    {
        if (!_failed.IsCancellationRequested)
            _failed.Cancel(); // releases workers if the reader stopped early (an input error)
        foreach (var w in _workers)
            w.Join();
        foreach (var q in _queues)
            q.Dispose();
        _failed.Dispose();
    }
}
