using ShopStream.Core.Checkpoints;
using ShopStream.Core.Log;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Serving;
using ShopStream.Kafka.Consumer;

namespace ShopStream.Kafka.Processing;

/// <summary>
/// One processor instance of a consumer group on the events topic. It processes whatever partitions the group
/// assigns it, each in a <see cref="PartitionHost"/> restored from the partition's checkpoint in the shared output
/// folder (so a partition that moves keeps its state), checkpoints them by policy, on revocation and at the end, and
/// commits offsets only after the checkpoint that covers them is durable. With an idle limit it stops once no record
/// has come for that long, and then writes (under the folder's results lock) the results of every partition's newest
/// checkpoint: any number of instances sharing the folder end with the outputs of a single run over the whole topic.
/// </summary>
public sealed class KafkaGroupProcessor(
    KafkaLogOptions kafka, string group, RunDirectory output, PipelineOptions options, CheckpointPolicy checkpoints, TimeSpan? exitWhenIdle, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<int, PartitionHost> _hosts = [];
    private KafkaGroupReader? _reader;
    private LiveProgress? _live;

    // When the idle clock started: at the latest record, or at the latest assignment. Null until the group has
    // assigned this instance anything: joining a group takes seconds, and an instance that has not been given its
    // partitions yet is not idle, it is waiting.
    private long? _idleSince;

    /// <summary>When set, the owned partitions' state is published to it (for serving it live), with the lag and checkpoint timing.</summary>
    public LivePipeline? Live { get; init; }

    /// <summary>Events this instance processed.</summary>
    public long Processed { get; private set; }

    /// <summary>Partition assignments this instance received (a partition restored from a checkpoint counts as resumed).</summary>
    public int Assigned { get; private set; }

    /// <summary>Assigned partitions that resumed from a checkpoint.</summary>
    public int Resumed { get; private set; }

    /// <summary>True when leaving the group did not finish in time (the group drops this member once its session times out).</summary>
    public bool LeftGroupUncleanly => _reader?.CloseAbandoned == true;

    public RunResult Run(CancellationToken cancellationToken = default)
    {
        checkpoints.Validate();
        using var log = new KafkaLogBuilder(kafka).Build();
        var opts = options with { Partitions = log.Partitions };
        opts.Validate();
        string key = RunKey.OfLog(log.Partitions, opts);
        _live = Live is null ? null : new LiveProgress(Live, log, _time);
        Live?.Start(opts, log.Partitions, () => _live!.Counters, () => _live!.LateDropped);
        _reader = new KafkaGroupReaderBuilder(kafka, group)
            .OnAssigned(partitions => Assign(partitions, log, opts, key))
            .OnRevoked(Revoke)
            .Build();
        try
        {
            try
            {
                Consume(opts.BatchSize, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                CheckpointAll(); // stopped between polls: the state is whole, keep it for the partitions' next owner
                throw;
            }

            CheckpointAll();
        }
        finally
        {
            _reader.Dispose(); // leaves the group: its partitions go to the other instances at once
            foreach (var host in _hosts.Values)
                host.Dispose();
            _hosts.Clear();
        }

        Live?.Finish();
        return CheckpointedResults.MergeAndWrite(log, output, opts, TimeSpan.FromMinutes(2), CancellationToken.None);
    }

    private void Consume(int batchSize, CancellationToken cancellationToken)
    {
        var batch = new ConsumedEvents(batchSize);
        var schedule = new CheckpointSchedule(checkpoints, _time);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = _reader!.Poll(batch, TimeSpan.FromMilliseconds(200), cancellationToken);
            if (n > 0)
                ProcessHoldingGates(batch, n);
            foreach (var (partition, next) in batch.NextOffsets)
            {
                if (_hosts.TryGetValue(partition, out var host))
                    host.AdvanceTo(next); // past dead-lettered records too
            }

            Processed += n;
            _live?.AfterPoll(n, _hosts.Values);
            if (n > 0 || batch.DeadLettered > 0)
                _idleSince = _time.GetTimestamp();
            else if (exitWhenIdle is { } idle && _idleSince is { } since && _time.GetElapsedTime(since) >= idle)
                return;
            if (schedule.Add(n))
            {
                CheckpointAll();
                schedule.Written();
            }
        }
    }

    // Events go to their partitions one by one, so every owned partition's gate is taken once around the whole poll:
    // a live query reads between polls, and nothing is added per event.
    private void ProcessHoldingGates(ConsumedEvents batch, int n)
    {
        foreach (var host in _hosts.Values)
            host.Gate.Enter();
        try
        {
            for (int i = 0; i < n; i++)
                _hosts[batch.PartitionAt(i)].Process(batch[i], batch.StreamMaxTicksAt(i), batch.OffsetAt(i));
        }
        finally
        {
            foreach (var host in _hosts.Values)
                host.Gate.Exit();
        }
    }

    private IReadOnlyList<PartitionOffset> Assign(IReadOnlyList<int> partitions, KafkaEventLog log, PipelineOptions opts, string key)
    {
        _idleSince = _time.GetTimestamp();
        var starts = new List<PartitionOffset>();
        foreach (int p in partitions)
        {
            if (!_hosts.TryGetValue(p, out var host))
            {
                host = new PartitionHost(p, opts, output, key) { Metrics = Live?.Checkpoints };
                _hosts.Add(p, host);
                Live?.Own(host);
                Assigned++;
                if (host.ResumeOffset is not null)
                    Resumed++;
                else
                    host.AdvanceTo(log.StartOffset(p)); // no state yet: from the start, whatever the group committed
            }

            starts.Add(new PartitionOffset(p, host.NextOffset)); // where its state stands: the checkpoint, not the group's commit
        }

        return starts;
    }

    // Before a partition goes to another instance: its state is checkpointed so the next owner starts from it.
    private void Revoke(IReadOnlyList<int> partitions)
    {
        foreach (int p in partitions)
        {
            if (!_hosts.Remove(p, out var host))
                continue;
            Live?.Release(p);
            host.Checkpoint();
            _reader!.Commit([new PartitionOffset(p, host.NextOffset)]); // best effort: the checkpoint is what counts
            host.Dispose();
        }
    }

    private void CheckpointAll()
    {
        if (_hosts.Count == 0)
            return;
        foreach (var host in _hosts.Values)
            host.Checkpoint();
        _reader!.Commit([.. _hosts.Values.Select(h => new PartitionOffset(h.Partition, h.NextOffset))]);
    }
}
