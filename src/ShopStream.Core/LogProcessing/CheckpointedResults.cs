using ShopStream.Core.Checkpoints;
using ShopStream.Core.Log;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;

namespace ShopStream.Core.LogProcessing;

/// <summary>
/// The results of a log processed by several instances, each owning some partitions and checkpointing them into the
/// shared output folder: every partition's newest checkpoint is loaded and finished, and the partitions merged as a
/// single instance would merge them. A partition without a checkpoint has contributed nothing yet.
/// </summary>
public static class CheckpointedResults
{
    public static RunResult Merge(IEventLog log, RunDirectory output, PipelineOptions options)
    {
        var opts = options with { Partitions = log.Partitions };
        string key = RunKey.OfLog(log.Partitions, opts);
        var processors = new PartitionProcessor[log.Partitions];
        long late = 0;
        Parallel.For(0, processors.Length, p =>
        {
            if (PartitionHost.LoadFinished(p, opts, output, key) is { } loaded)
            {
                processors[p] = loaded.Processor;
                Interlocked.Add(ref late, loaded.LateDropped);
            }
            else
            {
                processors[p] = new PartitionProcessor(opts);
                processors[p].Finish();
            }
        });
        return RunResult.From(LogProcessor.IngestCounters(log), processors, opts, late, priceAlerts: []);
    }
}
