using System.Buffers.Binary;
using System.Threading.Channels;
using ShopStream.Core.Events;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Core.Processing;

namespace ShopStream.Api.Collector;

/// <summary>
/// Appends collected events to the event log with group commit: requests queue their events, one writer takes
/// everything queued, appends it as one batch per partition (by <see cref="Partitioner"/>, as an ingest routes
/// users) and, once the log says it is durable (fsynced, with <see cref="Core.Log.Embedded.FsyncPolicy.Always"/>),
/// completes every request in it. So a request is acknowledged only after its events are on disk, and concurrent
/// requests share fsyncs instead of queueing for one each. Each event is stored as <see cref="LoggedEvent"/> with
/// the stream's largest event time so far, in append order, continuing from what the log already holds.
/// Built by <see cref="EventCollectorBuilder"/>; it owns the log and its writer task.
/// </summary>
public sealed class EventCollector : IAsyncDisposable
{
    private readonly IEventLog _log;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly LogBatch[] _batches;
    private long _streamMax;
    private long _appended;
    private long _commits;

    internal EventCollector(IEventLog log, CollectorDeadLetters deadLetters)
    {
        _log = log;
        DeadLetters = deadLetters;
        _batches = new LogBatch[log.Partitions];
        for (int p = 0; p < _batches.Length; p++)
            _batches[p] = new LogBatch();
        _streamMax = LastStreamMax(log);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Events appended (durably) since start.</summary>
    public long Appended => Interlocked.Read(ref _appended);

    /// <summary>Group commits since start that appended events to the log.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public IEventLog Log => _log;

    /// <summary>Where the events this collector rejects are kept.</summary>
    public CollectorDeadLetters DeadLetters { get; }

    /// <summary>Completes once <paramref name="events"/> are durably in the log; throws if the append failed.</summary>
    public Task AppendAsync(IReadOnlyList<ShopEvent> events, CancellationToken cancellationToken = default) =>
        AppendAsync(events, [], cancellationToken);

    /// <summary>
    /// Completes once <paramref name="events"/> are durably in the log and the request's <paramref name="rejected"/>
    /// events are in the dead letters (<see cref="DeadLetters"/>), both written by the writer task, after each other:
    /// a caller that stops waiting (the client went away) does not stop either.
    /// </summary>
    internal Task AppendAsync(IReadOnlyList<ShopEvent> events, IReadOnlyList<RejectedEvent> rejected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0 && rejected.Count == 0)
            return Task.CompletedTask;
        var pending = new Pending(events, rejected);
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(EventCollector));
        // Cancelling stops the caller waiting, not the append: queued events are written either way.
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        DeadLetters.Dispose();
        _log.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (_queue.Reader.TryRead(out var p))
                group.Add(p);
            try
            {
                int count = 0;
                foreach (var p in group)
                {
                    foreach (var e in p.Events)
                    {
                        _streamMax = Math.Max(_streamMax, e.EventTimeTicks);
                        LoggedEvent.Add(_batches[Partitioner.Of(e.UserId, _batches.Length)], e, _streamMax);
                        count++;
                    }
                }

                for (int partition = 0; partition < _batches.Length; partition++)
                {
                    if (_batches[partition].Count > 0)
                        _log.Append(partition, _batches[partition]);
                }

                // A folder deleted under the server took every 202 since into files no path reaches.
                if (count > 0)
                    (_log as FileEventLog)?.RequireInPlace();

                Interlocked.Add(ref _appended, count);
                if (count > 0)
                    Interlocked.Increment(ref _commits); // a group of rejects alone wrote only dead letters
                foreach (var p in group)
                    DeadLetters.Write(p.Rejected);
                foreach (var p in group)
                    p.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                // The log or the dead letters refused (disk full, I/O error): nobody in this group is acknowledged (a
                // client's retry of events already logged is dropped as their duplicate).
                foreach (var p in group)
                    p.Done.TrySetException(ex);
            }
            finally
            {
                foreach (var b in _batches)
                    b.Clear();
            }
        }
    }

    // The largest stream time the log holds: the last record of each partition carries it.
    private static long LastStreamMax(IEventLog log)
    {
        long max = long.MinValue;
        var batch = new LogReadBatch(1);
        for (int p = 0; p < log.Partitions; p++)
        {
            long end = log.EndOffset(p);
            if (end <= log.StartOffset(p))
                continue;
            using var reader = log.OpenReader(p, end - 1);
            if (reader.Read(batch) != 1)
                continue;
            var payload = batch[0].Payload;
            if (payload.Length < sizeof(long))
                throw new InvalidDataException($"the event log's partition {p} ends in a record that is not a logged event (offset {end - 1}, {payload.Length} bytes): the collector cannot tell where the stream's time stands");
            max = Math.Max(max, BinaryPrimitives.ReadInt64LittleEndian(payload));
        }

        return max;
    }

    private sealed class Pending(IReadOnlyList<ShopEvent> events, IReadOnlyList<RejectedEvent> rejected)
    {
        public IReadOnlyList<ShopEvent> Events { get; } = events;

        public IReadOnlyList<RejectedEvent> Rejected { get; } = rejected;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
