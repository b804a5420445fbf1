using ShopStream.Core.Checkpoints;
using ShopStream.Core.Events;
using ShopStream.Core.Log;
using ShopStream.Core.Serving;
using ShopStream.Core.Text;

namespace ShopStream.Core.LogProcessing;

/// <summary>
/// Reads one log partition from its checkpoint (or its start) to the end of the log into a <see cref="PartitionHost"/>,
/// checkpointing by policy and at the end, and committing the consumer group's offset only after the checkpoint
/// that covers it is durable.
/// </summary>
internal sealed class LogPartitionWorker(
    IEventLog log, PartitionHost host, int batchSize, string group, CheckpointPolicy? policy, TimeProvider time, LivePipeline? live, Action<string>? warning)
{
    public void Run(CancellationToken cancellationToken)
    {
        if (host.SkipGone(log.StartOffset(host.Partition)) is { } gone)
            warning?.Invoke(gone);
        long offset = host.NextOffset;
        using var reader = log.OpenReader(host.Partition, offset);
        var batch = new LogReadBatch(batchSize);
        var events = new ShopEvent[batchSize];
        var streamMax = new long[batchSize];
        var offsets = new long[batchSize];
        var watermarks = new long[batchSize];
        var pool = new StringPool();
        var schedule = policy is null ? null : new CheckpointSchedule(policy, time);
        int n;
        while ((n = reader.Read(batch)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < n; i++)
            {
                var record = batch[i];
                LoggedEvent.Read(record.Payload, out events[i], out streamMax[i], pool);
                offsets[i] = record.Offset;
            }

            lock (host.Gate) // per batch: a live query reads between batches
                host.Process(events.AsSpan(0, n), streamMax.AsSpan(0, n), offsets.AsSpan(0, n), watermarks);
            live?.Processed(n);
            if (schedule is not null && schedule.Add(n))
            {
                Checkpoint();
                schedule.Written();
            }
        }

        // A checkpoint at the end, before the partition is finished (which closes every open session): a later run
        // picks up here and goes on with whatever has been appended since.
        if (schedule is not null && (schedule.EventsSince > 0 || host.ResumeOffset is null))
            Checkpoint();
        lock (host.Gate)
            host.Processor.Finish();
    }

    private void Checkpoint()
    {
        host.Checkpoint();
        log.Commit(group, host.Partition, host.NextOffset); // only once the checkpoint covering it is durable
    }
}
