using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Serving;
using ShopStream.Core.Validation;

namespace ShopStream.Core.LogProcessing;

/// <summary>
/// Processes an event log (what <c>shopstream ingest</c> wrote) into a run's outputs: one worker per log partition,
/// each resuming from its own checkpoint (or the partition's start), checkpointing by policy and at the end of the
/// log, committing the consumer group's offsets only after the checkpoint that covers them is durable. Run again
/// after a crash, or after more has been appended, it goes on from the checkpoints: the outputs are those of
/// processing the whole log in one go. The counts of records read and rejected come from the ingest.
/// Price-change alerts need every event in arrival order across partitions, which a partitioned log does not keep,
/// so they are left out here.
/// </summary>
public sealed class LogProcessor(
    IEventLog log, RunDirectory output, PipelineOptions options, string group, CheckpointPolicy? checkpoints, bool fromScratch = false, TimeProvider? time = null)
{
    /// <summary>When set, the partitions' state is published to it as they process (for serving it live) and checkpoints are timed into its metrics.</summary>
    public LivePipeline? Live { get; init; }

    /// <summary>Records processed by this run (not those its checkpoints already covered).</summary>
    public long Processed { get; private set; }

    /// <summary>Partitions that resumed from a checkpoint.</summary>
    public int Resumed { get; private set; }

    /// <summary>Gets a line for each partition whose next records the log had deleted before they were read (<see cref="PartitionHost.SkipGone"/>).</summary>
    public Action<string>? Warning { get; init; }

    /// <summary>The dead-letter file of the HTTP collector that appended to the log (<see cref="CollectorRejects"/>), if any: its records count as read and rejected.</summary>
    public string? CollectorRejectsFile { get; init; }

    /// <summary>Records deleted from the log before this run could read them (<see cref="Warning"/> names them).</summary>
    public long Gone { get; private set; }

    public RunResult Run(CancellationToken cancellationToken = default)
    {
        var opts = options with { Partitions = log.Partitions };
        opts.Validate();
        checkpoints?.Validate();
        string key = RunKey.OfLog(log, opts);
        if (checkpoints is null && !fromScratch && Directory.Exists(output.CheckpointFolder)
            && Directory.EnumerateFiles(output.CheckpointFolder, "*", SearchOption.AllDirectories).Any())
        {
            // As run says of it: an earlier process's state, which the next process would have gone on from.
            Warning?.Invoke($"{output.CheckpointFolder} held an earlier process's checkpoints, which a process without checkpoints (--no-checkpoint) " +
                "cannot resume: they were removed, and the next process starts over");
        }

        if (checkpoints is null || fromScratch)
            new CheckpointStore(output.CheckpointFolder).Clear(); // not resuming: a stale checkpoint must not be picked up later

        var hosts = new PartitionHost[log.Partitions];
        try
        {
            for (int p = 0; p < hosts.Length; p++)
            {
                hosts[p] = new PartitionHost(p, opts, output, key, checkpointed: checkpoints is not null) { Metrics = Live?.Checkpoints };
                hosts[p].RequireWithin(log.EndOffset(p));
                if (hosts[p].PassedOverCheckpoint is { } damaged && hosts[p].ResumeOffset is not null)
                    Warning?.Invoke($"{damaged}: resuming partition {p} from the checkpoint before it");
            }
            if (Live is { } live)
            {
                var counters = LogCounters(log, CollectorRejectsFile); // what the log held as this run began: fixed while it reads to its end
                live.Start(opts, hosts.Length, () => counters, () => hosts.Sum(h => h.LateDropped));
                foreach (var host in hosts)
                    live.Own(host);
            }

            var clock = time ?? TimeProvider.System;
            try
            {
                Parallel.For(
                    0,
                    hosts.Length,
                    new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                    p => new LogPartitionWorker(log, hosts[p], opts.BatchSize, group, checkpoints, clock, Live, Warning).Run(cancellationToken));
            }
            catch (AggregateException ex) when (ex.InnerExceptions[0] is PartitionTakenOverException takenOver)
            {
                // Another processor claimed a partition of the output folder (over a Kafka log, which, unlike the
                // embedded one, another process may read at the same time): its checkpoints are the newest now, and
                // this run stops with its state unwritten.
                foreach (var host in hosts)
                    host.Abandon();
                throw takenOver;
            }

            Live?.Finish();
        }
        finally
        {
            foreach (var host in hosts)
                host?.Dispose();
        }

        Processed = hosts.Sum(h => h.Processed);
        Resumed = hosts.Count(h => h.ResumeOffset is not null);
        Gone = hosts.Sum(h => h.Gone);
        return RunResult.From(LogCounters(log, CollectorRejectsFile), [.. hosts.Select(h => h.Processor)], opts, hosts.Sum(h => h.LateDropped), priceAlerts: []);
    }

    // Every record in the log was accepted by whoever appended it: the ingest, the collector, another Kafka producer.
    // The rejected are the ingest's, which it stores with every batch, in every partition (the latest position holds
    // them all), and the collector's dead letters, if given. The ingest's come from the tails that are its own, or,
    // when every partition ends with the others' records, from its last batch before theirs, which is looked for only
    // then (it reads back through their records) and not for live figures (lookPastOthers false: read every few
    // seconds, they make do without the ingest's rejects then). The ingest's accepted count is not the log's: the
    // collector's batches, which carry no position, left the ingest's last one standing, so the events the collector
    // added after an ingest were in the results but not in read or accepted (5,000 read and accepted, 5,001 counted
    // by type and as duplicates).
    internal static ReadCounters LogCounters(IEventLog log, string? collectorRejects = null, bool lookPastOthers = true)
    {
        IngestPosition? latest = null;
        var foreignTails = new List<int>();
        void Consider(byte[]? bytes)
        {
            if (bytes is null)
                return;
            try
            {
                var position = IngestPosition.FromBytes(bytes);
                if (position.CompareTo(latest) > 0) // any position comes after none
                    latest = position;
            }
            catch (LogFormatException)
            {
                // not an ingest's position
            }
        }

        for (int p = 0; p < log.Partitions; p++)
        {
            try
            {
                Consider(log.LastSourcePosition(p));
            }
            catch (ForeignTailException)
            {
                foreignTails.Add(p); // it stopped process at its end: "cannot resume into it"
            }
        }

        // Every tail another producer's: the ingest's rejects, if one ran, went uncounted (read fell short by them).
        if (latest is null && lookPastOthers)
        {
            foreach (int p in foreignTails)
                Consider(log.LastSourcePositionBeforeOthers(p));
        }

        var counters = new ReadCounters();
        long appended = Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p));
        var rejected = latest?.RejectedByReason.ToArray() ?? new long[RejectReasons.ArrayLength];
        if (collectorRejects is not null)
        {
            var collected = CollectorRejects.CountByReason(collectorRejects);
            for (int i = 0; i < Math.Min(rejected.Length, collected.Length); i++)
                rejected[i] += collected[i];
        }

        counters.Restore(appended, rejected);
        return counters;
    }
}
