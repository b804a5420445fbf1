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
    private const string LockFile = ".results.lock";

    /// <summary>
    /// Merges and writes the results into <paramref name="output"/> while holding the folder's results lock (a file
    /// lock, so instances on several machines sharing the folder take turns). The merge is made inside the lock: an
    /// instance that writes after another has merged the newer checkpoints, so the last writer leaves the newest
    /// results, never an older merge over a newer one.
    /// </summary>
    /// <param name="startOver">What to do to start over, as a refused checkpoint (another instance's options) says it.</param>
    public static RunResult MergeAndWrite(IEventLog log, RunDirectory output, PipelineOptions options, string startOver, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(output.Path);
        string path = Path.Combine(output.Path, LockFile);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            FileStream held;
            try
            {
                held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Task.Delay(50, cancellationToken).GetAwaiter().GetResult(); // another instance is writing
                continue;
            }

            using (held)
            {
                var result = Merge(log, output, options, startOver);
                output.WriteResults(result);
                return result;
            }
        }
    }

    /// <summary>
    /// The partitions whose newest checkpoint has not reached the log's end (a partition with no records and no
    /// checkpoint has nothing to reach): merged now, the results would miss their newest events. Only each
    /// checkpoint's head is read, so asking is cheap whatever the states' size.
    /// </summary>
    /// <exception cref="CheckpointException">A partition's newest checkpoint is another run's: an instance with other options.</exception>
    public static IReadOnlyList<int> Unfinished(IEventLog log, RunDirectory output, PipelineOptions options, string startOver)
    {
        string key = RunKey.OfLog(log, options with { Partitions = log.Partitions });
        var behind = new List<int>();
        for (int p = 0; p < log.Partitions; p++)
        {
            long end = log.EndOffset(p);
            if ((PartitionHost.CheckpointedOffset(p, output, key, startOver) ?? log.StartOffset(p)) < end)
                behind.Add(p);
        }

        return behind;
    }

    public static RunResult Merge(IEventLog log, RunDirectory output, PipelineOptions options, string startOver)
    {
        var opts = options with { Partitions = log.Partitions };
        string key = RunKey.OfLog(log, opts);
        var processors = new PartitionProcessor[log.Partitions];
        var refused = new long[log.Partitions][];
        long late = 0;
        try
        {
            Parallel.For(0, processors.Length, p =>
            {
                if (PartitionHost.LoadFinished(p, opts, output, key, startOver) is { } loaded)
                {
                    processors[p] = loaded.Processor;
                    refused[p] = loaded.RefusedByReason;
                    Interlocked.Add(ref late, loaded.LateDropped);
                }
                else
                {
                    processors[p] = new PartitionProcessor(opts, p);
                    processors[p].Finish();
                }
            });
        }
        catch (AggregateException ex)
        {
            // A refused checkpoint is the command's error to explain (exit 2), not an unexpected one: the first is enough.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
            throw;
        }

        var counters = LogProcessor.LogCounters(log);
        foreach (var counts in refused.Where(c => c is not null))
            counters.Refused(counts);
        return RunResult.From(counters, processors, opts, late, priceAlerts: []);
    }
}
