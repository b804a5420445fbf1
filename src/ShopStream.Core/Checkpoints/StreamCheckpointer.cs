using System.Diagnostics;
using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;

namespace ShopStream.Core.Checkpoints;

/// <summary>
/// Checkpoints a run as it streams: between input batches, when the policy says so, it quiesces the partitions,
/// makes the dead letters durable, and writes the router's and every partition's state with the input position
/// and counters as one atomic checkpoint. A run started with a restored checkpoint continues from there and ends
/// with outputs identical to an uninterrupted run's.
/// </summary>
public sealed class StreamCheckpointer(
    CheckpointStore store, CheckpointPolicy policy, string runKey, DeadLetterWriter deadLetters, RunCheckpoint? restored = null, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private CheckpointSchedule? _schedule;

    /// <summary>The checkpoint this run resumed from, if any.</summary>
    public RunCheckpoint? Restored => restored;

    /// <summary>Checkpoints written by this run.</summary>
    public int Written { get; private set; }

    /// <summary>Time the stream stood still while this run wrote checkpoints.</summary>
    public TimeSpan Paused { get; private set; }

    /// <summary>Where each checkpoint's duration is recorded (for <c>/metrics</c>), if anywhere.</summary>
    public CheckpointMetrics? Metrics { get; init; }

    /// <summary>Bytes of the last checkpoint written.</summary>
    public long LastSize { get; private set; }

    internal void Restore(ReadCounters counters, PartitionRouter router, PartitionProcessor[] partitions)
    {
        _schedule = new CheckpointSchedule(policy, _time);
        if (restored is null)
            return;
        if (restored.PartitionStates.Length != partitions.Length)
            throw new CheckpointException($"the checkpoint has {restored.PartitionStates.Length} partitions, the run {partitions.Length}");
        counters.Restore(restored.Accepted, restored.RejectedByReason);
        restored.RouterState.Load(router.Restore);
        try
        {
            Parallel.For(0, partitions.Length, p => restored.PartitionStates[p].Load(partitions[p].Restore));
        }
        catch (AggregateException ex) when (ex.InnerExceptions[0] is CheckpointException damaged)
        {
            // A spill run the checkpoint names, missing or damaged: one line and exit 2, where the wrapper was exit 1,
            // "unexpected error (CheckpointException)".
            throw new CheckpointException($"{damaged.Message}; {store.StartOver}");
        }
    }

    /// <summary>Called after each input batch has been routed.</summary>
    internal void AfterBatch(EventBatch batch, ReadCounters counters, PartitionRouter router, PartitionProcessor[] partitions)
    {
        if (_schedule!.Add(batch.Count))
            Write(batch.End, counters, router, partitions);
    }

    private void Write(ResumePoint position, ReadCounters counters, PartitionRouter router, PartitionProcessor[] partitions)
    {
        var clock = Stopwatch.StartNew();
        router.Quiesce();
        long deadLetterBytes = deadLetters.FlushToDisk();
        // Partitions write their states side by side, each to a file of its own (see SpooledState), and the router
        // its own after them, then the checkpoint copies them in.
        var states = new SpooledState[partitions.Length];
        SpooledState? routerState = null;
        try
        {
            Parallel.For(0, partitions.Length, p => states[p] = SpooledState.Of(store.Folder, partitions[p].Save));
            routerState = SpooledState.Of(store.Folder, router.Save);
            var checkpoint = new RunCheckpoint
            {
                Sequence = (restored?.Sequence ?? 0) + Written + 1,
                RunKey = runKey,
                Position = position,
                Accepted = counters.Accepted,
                RejectedByReason = counters.RejectedByReason(),
                DeadLetterBytes = deadLetterBytes,
                SpooledRouterState = routerState,
                SpooledPartitionStates = states,
            };
            store.Save(checkpoint);
            LastSize = states.Sum(s => s.Length);
        }
        finally
        {
            routerState?.Dispose();
            foreach (var state in states)
                state?.Dispose();
        }

        Written++;
        var took = clock.Elapsed;
        Paused += took;
        Metrics?.Record(took);
        _schedule!.Written();
    }
}
