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
/// An idle instance stops only once every partition's newest checkpoint has reached the topic's end: a killed member
/// keeps its partitions until its session times out and a rebalance hands them over, and an instance that stopped
/// before then would leave results that silently miss those partitions' newest events.
/// </summary>
public sealed class KafkaGroupProcessor(
    KafkaLogOptions kafka, string group, RunDirectory output, PipelineOptions options, CheckpointPolicy checkpoints, TimeSpan? exitWhenIdle, TimeProvider? time = null)
{
    // What a refused checkpoint (another run's: most often another instance of the group started with other options)
    // tells the user to do; "--from-scratch", which the embedded log's processor suggests, is refused with Kafka.
    private const string StartOver = "give every instance of a group the same options, or start over with a new --out and a new --group (Kafka has no --from-scratch)";

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<int, PartitionHost> _hosts = [];
    private KafkaGroupReader? _reader;
    private LiveProgress? _live;

    // When the idle clock started: at the latest record, or at the latest assignment. Null until the group has
    // assigned this instance anything: joining a group takes seconds, and an instance that has not been given its
    // partitions yet is not idle, it is waiting.
    private long? _idleSince;

    // When this instance, idle, began waiting for partitions behind the topic's end (null while it is not), when it
    // last looked at where their checkpoints stand, and whether the group has taken its own partitions' offsets.
    private long? _waitingSince;
    private long _lookedAt;
    private bool _committed;

    // While joining the group, and between a revocation (or loss) and the group's next assignment. The partitions are
    // then no one's, their offsets possibly uncommitted (a commit in the revocation is refused while the group
    // rebalances), and this instance has nothing to commit, so "the group has taken my offsets" would hold trivially:
    // it must not stop until the rebalance gives it its partitions, which it then commits. Live serving answers 503
    // for a partition it does not own meanwhile (LivePipeline.Assigning), rather than "another instance serves it".
    private bool _awaitingAssignment;

    // The reader's BrokersDown that Warning was last given, so an outage is reported once, not at every poll.
    private string? _brokersDownWarned;

    /// <summary>When set, the owned partitions' state is published to it (for serving it live), with the lag and checkpoint timing.</summary>
    public LivePipeline? Live { get; init; }

    /// <summary>Events this instance processed.</summary>
    public long Processed { get; private set; }

    /// <summary>Partition assignments this instance received (a partition restored from a checkpoint counts as resumed).</summary>
    public int Assigned { get; private set; }

    /// <summary>Assigned partitions that resumed from a checkpoint.</summary>
    public int Resumed { get; private set; }

    /// <summary>Partitions lost by falling out of the group (their state dropped unwritten; see <see cref="KafkaGroupReaderBuilder.OnLost"/>).</summary>
    public int Lost { get; private set; }

    /// <summary>
    /// Partitions found taken over by another instance when about to checkpoint them (<see cref="PartitionTakenOverException"/>):
    /// this instance stalled past its session and the group gave them away before it learnt so; their state was dropped unwritten.
    /// </summary>
    public int TakenOver { get; private set; }

    /// <summary>
    /// Partitions whose newest checkpoint was still behind the topic's end when this instance stopped, having waited
    /// <see cref="HandOverWait"/> for them, or having been stopped (<see cref="Stopped"/>): the results it wrote miss
    /// their newest events. Empty when they are whole.
    /// </summary>
    public IReadOnlyList<int> Unfinished { get; private set; } = [];

    /// <summary>How long an instance that stopped idle (<c>exitWhenIdle</c>) had seen nothing before it stopped; zero otherwise.</summary>
    public TimeSpan IdleAtExit { get; private set; }

    /// <summary>Whether <see cref="Run"/> stopped because its token was cancelled (Ctrl+C) rather than idle.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Gets a line for each assigned partition whose next records the topic had deleted (retention) before they were read (<see cref="PartitionHost.SkipGone"/>).</summary>
    public Action<string>? Warning { get; init; }

    /// <summary>Records the topic had deleted before this instance could read them (<see cref="Warning"/> names them).</summary>
    public long Gone { get; private set; }

    /// <summary>
    /// Where a line goes when an idle instance starts waiting for partitions behind the topic's end, or finds a
    /// partition taken over (null: nowhere).
    /// </summary>
    public Action<string>? Notice { get; init; }

    /// <summary>
    /// How long an idle instance waits for partitions behind the topic's end before it stops anyway: a killed member
    /// keeps its partitions until its session times out, then the group needs a rebalance to hand them over.
    /// </summary>
    public TimeSpan HandOverWait => kafka.SessionTimeout * 3;

    /// <summary>True when leaving the group did not finish in time (the group drops this member once its session times out).</summary>
    public bool LeftGroupUncleanly => _reader?.CloseAbandoned == true;

    public RunResult Run(CancellationToken cancellationToken = default)
    {
        checkpoints.Validate();
        using var log = new KafkaLogBuilder(kafka).ExistingTopic().Build();
        var opts = options with { Partitions = log.Partitions };
        opts.Validate();
        string key = RunKey.OfLog(log, opts);
        _live = Live is null ? null : new LiveProgress(Live, log, _time);
        Live?.Start(opts, log.Partitions, () => _live!.Counters, () => _live!.LateDropped);
        AwaitAssignment(true); // joining the group
        _reader = new KafkaGroupReaderBuilder(kafka, group)
            .OnAssigned(partitions => Assign(partitions, log, opts, key))
            .OnRevoked(Revoke)
            .OnLost(Lose)
            .Build();
        try
        {
            Consume(log, opts, cancellationToken); // returns once idle, its partitions checkpointed as the idle wait began
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped between polls: the state is whole, keep it for the partitions' next owner.
            if (!CheckpointAll())
                Warning?.Invoke($"the group's offsets were not committed ({_reader.LastCommitRefusal}): the checkpoints cover them, and the partitions' next owner starts from those");
            Stopped = true;
        }
        finally
        {
            _reader.Dispose(); // leaves the group: its partitions go to the other instances at once
            foreach (var host in _hosts.Values)
                host.Dispose();
            _hosts.Clear();
        }

        Live?.Finish();
        // Stopped (Ctrl+C) rather than idle: the results are written all the same, and name what they miss.
        if (Stopped)
            Unfinished = CheckpointedResults.Unfinished(log, output, opts, StartOver);
        return CheckpointedResults.MergeAndWrite(log, output, opts, StartOver, TimeSpan.FromMinutes(2), CancellationToken.None);
    }

    private void Consume(KafkaEventLog log, PipelineOptions opts, CancellationToken cancellationToken)
    {
        var batch = new ConsumedEvents(opts.BatchSize);
        var schedule = new CheckpointSchedule(checkpoints, _time);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = _reader!.Poll(batch, TimeSpan.FromMilliseconds(200), cancellationToken);
            if (n > 0)
                ProcessHoldingGates(batch, n);
            foreach (var (partition, reason) in batch.Refused)
            {
                if (_hosts.TryGetValue(partition, out var host))
                    host.Refused(reason); // counted rejected in the results, not accepted as the topic's records are
            }

            foreach (var (partition, next) in batch.NextOffsets)
            {
                if (_hosts.TryGetValue(partition, out var host))
                    host.AdvanceTo(next); // past dead-lettered records too
            }

            Processed += n;
            WarnWhenBrokersDown();
            _live?.AfterPoll(n, batch.DeadLettered, _hosts.Values, _reader.BrokersDown is not null);
            if (n > 0 || batch.DeadLettered > 0)
                Busy();
            else if (exitWhenIdle is { } idle && _idleSince is { } since && _time.GetElapsedTime(since) >= idle && MayStop(log, opts))
            {
                IdleAtExit = _time.GetElapsedTime(since);
                return;
            }
            if (schedule.Add(n))
            {
                CheckpointAll();
                schedule.Written();
            }
        }
    }

    // A processor whose brokers are gone only sees no records, as if idle: it says so once per outage (an outage
    // ends at the next record, assignment or commit Kafka takes).
    private void WarnWhenBrokersDown()
    {
        string? down = _reader!.BrokersDown;
        if (down is not null && _brokersDownWarned is null)
            Warning?.Invoke($"Kafka does not answer ({down}); waiting for it (Ctrl+C checkpoints and stops, but the results need Kafka to be written)");
        _brokersDownWarned = down;
    }

    // Something happened (records, an assignment): the idle clock starts again, and any wait for other partitions ends.
    private void Busy()
    {
        _idleSince = _time.GetTimestamp();
        _waitingSince = null;
    }

    // Idle past the limit: stop once every partition's newest checkpoint has reached the topic's end (this instance's
    // own are checkpointed first, so two idle instances never wait on each other) and the group has taken this
    // instance's offsets (a commit refused while the group rebalances is made again: the lag then reads 0) and no
    // rebalance is half done (_awaitingAssignment), or once HandOverWait has passed. Checkpoint heads are read at most
    // once a second.
    private bool MayStop(KafkaEventLog log, PipelineOptions opts)
    {
        if (_waitingSince is null)
        {
            _committed = CheckpointAll();
            _waitingSince = _lookedAt = _time.GetTimestamp();
        }
        else if (_time.GetElapsedTime(_lookedAt) < TimeSpan.FromSeconds(1))
        {
            return false;
        }
        else
        {
            _lookedAt = _time.GetTimestamp();
            _committed = _committed || CommitAll();
        }

        var behind = CheckpointedResults.Unfinished(log, output, opts, StartOver);
        if (behind.Count == 0 && _committed && !_awaitingAssignment)
            return true;
        if (_lookedAt == _waitingSince && behind.Count > 0) // the first look of this wait
            Notice?.Invoke($"idle, waiting up to {HandOverWait.TotalSeconds:N0} s for partitions {string.Join(", ", behind)}: their checkpoints are behind the topic's end (another instance is processing them, or the group has yet to hand over a stopped instance's partitions)");
        if (_time.GetElapsedTime(_waitingSince.Value) < HandOverWait)
            return false;
        Unfinished = behind;
        return true;
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
            {
                // A partition dropped as taken over may still have records in this poll: they are its new owner's.
                if (_hosts.TryGetValue(batch.PartitionAt(i), out var host))
                    host.Process(batch[i], batch.StreamMaxTicksAt(i), batch.OffsetAt(i));
            }
        }
        finally
        {
            foreach (var host in _hosts.Values)
                host.Gate.Exit();
        }
    }

    private IReadOnlyList<PartitionOffset> Assign(IReadOnlyList<int> partitions, KafkaEventLog log, PipelineOptions opts, string key)
    {
        Busy();
        var starts = new List<PartitionOffset>();
        foreach (int p in partitions)
        {
            if (!_hosts.TryGetValue(p, out var host))
            {
                host = new PartitionHost(p, opts, output, key, startOver: StartOver) { Metrics = Live?.Checkpoints };
                try
                {
                    host.RequireWithin(log.EndOffset(p));
                }
                catch
                {
                    host.Dispose(); // not this topic's state: never registered, so never checkpointed over
                    throw;
                }

                _hosts.Add(p, host);
                Live?.Own(host);
                Assigned++;
                if (host.ResumeOffset is not null)
                    Resumed++;
                // From the state's offset (0 when new, whatever the group committed), or from the topic's start
                // when retention has deleted what lies between: then named, as the consumer would skip it silently.
                if (host.SkipGone(log.StartOffset(p)) is { } gone)
                {
                    Gone += host.Gone;
                    Warning?.Invoke(gone);
                }
            }

            starts.Add(new PartitionOffset(p, host.NextOffset)); // where its state stands: the checkpoint, not the group's commit
        }

        AwaitAssignment(false); // its share, none perhaps (more instances than partitions)
        return starts;
    }

    private void AwaitAssignment(bool awaiting)
    {
        _awaitingAssignment = awaiting;
        if (Live is { } live)
            live.Assigning = awaiting;
    }

    // Before a partition goes to another instance: its state is checkpointed so the next owner starts from it.
    private void Revoke(IReadOnlyList<int> partitions)
    {
        AwaitAssignment(true);
        foreach (int p in partitions)
        {
            if (!_hosts.Remove(p, out var host))
                continue;
            Live?.Release(p);
            try
            {
                host.Checkpoint();
                _reader!.Commit([new PartitionOffset(p, host.NextOffset)]); // best effort: the checkpoint is what counts
            }
            catch (PartitionTakenOverException ex)
            {
                TakenOverBy(host, ex);
            }
            finally
            {
                host.Dispose(); // no longer in _hosts: nothing else would close its late-events file
            }
        }
    }

    // Fallen out of the group: the partitions are likely another instance's already, which may have checkpointed them
    // further, and a checkpoint from here would take the newest place. So the state is dropped unwritten, late events
    // not yet in the partition's file included; whoever owns the partitions next (this instance again, perhaps)
    // restores their newest checkpoint.
    private void Lose(IReadOnlyList<int> partitions)
    {
        Lost += partitions.Count;
        AwaitAssignment(true);
        foreach (int p in partitions)
        {
            if (!_hosts.Remove(p, out var host))
                continue;
            Live?.Release(p);
            host.Abandon();
        }
    }

    // Checkpoints the owned partitions, then commits their offsets; false when the group refused the commit. A
    // partition another instance has taken over meanwhile is dropped as lost (the group says so at the next poll).
    private bool CheckpointAll()
    {
        foreach (var host in _hosts.Values.ToList())
        {
            try
            {
                host.Checkpoint();
            }
            catch (PartitionTakenOverException ex)
            {
                _hosts.Remove(host.Partition);
                Live?.Release(host.Partition);
                TakenOverBy(host, ex);
            }
        }

        return CommitAll();
    }

    private void TakenOverBy(PartitionHost host, PartitionTakenOverException ex)
    {
        TakenOver++;
        host.Abandon();
        Notice?.Invoke(ex.Message);
    }

    private bool CommitAll() => _reader!.Commit([.. _hosts.Values.Select(h => new PartitionOffset(h.Partition, h.NextOffset))]);
}
