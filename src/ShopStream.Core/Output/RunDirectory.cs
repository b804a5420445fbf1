using ShopStream.Core.Inventory;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Analytics;

namespace ShopStream.Core.Output;

/// <summary>
/// The layout of a run's output folder. Result files are written to a temporary name and renamed into place,
/// so a reader never sees half a file.
/// </summary>
public sealed class RunDirectory(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string SummaryFile => System.IO.Path.Combine(Path, "summary.json");
    public string ProfilesFile => System.IO.Path.Combine(Path, "profiles.csv");
    public string SessionsFile => System.IO.Path.Combine(Path, "sessions.csv");
    public string MinuteMetricsFile => System.IO.Path.Combine(Path, "minute_metrics.csv");
    public string HourlyMetricsFile => System.IO.Path.Combine(Path, "hourly_metrics.csv");
    public string RollingMetricsFile => System.IO.Path.Combine(Path, "hourly_rolling_metrics.csv");
    public string ProductHourlyFile => System.IO.Path.Combine(Path, "product_hourly.csv");
    public string CategoryHourlyFile => System.IO.Path.Combine(Path, "category_hourly.csv");
    public string TrendingProductsFile => System.IO.Path.Combine(Path, "trending_products.csv");
    public string CartAbandonmentFile => System.IO.Path.Combine(Path, "cart_abandonment_hourly.csv");
    public string OrdersFile => System.IO.Path.Combine(Path, "orders.csv");
    public string AlertsFile => System.IO.Path.Combine(Path, "alerts.csv");
    public string InventoryFile => System.IO.Path.Combine(Path, "inventory.csv");
    public string RejectedFolder => System.IO.Path.Combine(Path, "rejected");
    public string RejectedFile => System.IO.Path.Combine(RejectedFolder, "rejected.jsonl");

    /// <summary>The dead letters of <c>ingest</c> (and <c>generate --to log:DIR</c>) into the event log in <c>DIR/log</c> or into Kafka.</summary>
    public string IngestRejectedFile => System.IO.Path.Combine(RejectedFolder, "ingest.jsonl");

    /// <summary>Where the run spills idle users and closed sessions while it runs (removed once its results are written).</summary>
    public string SpillFolder => System.IO.Path.Combine(Path, ".spill");

    /// <summary>Where the run keeps its checkpoints while it runs (removed once it has finished).</summary>
    public string CheckpointFolder => System.IO.Path.Combine(Path, "checkpoint");

    /// <summary>The file whose lock a run holds while it writes the folder (<see cref="LockForRun"/>).</summary>
    public string RunLockFile => System.IO.Path.Combine(Path, ".run.lock");

    /// <summary>The file whose lock an ingest into Kafka holds while it publishes (<see cref="LockForIngest"/>).</summary>
    public string IngestLockFile => System.IO.Path.Combine(Path, ".ingest.lock");

    /// <summary>
    /// Takes the folder's run lock for as long as the returned handle is open (made if missing; an exclusive advisory
    /// lock the OS drops when the process dies, so a crash leaves none behind). A second run into the folder at the
    /// same time would resume from the first one's checkpoints while they are replaced, cut its dead letters back and
    /// overwrite its results: it is refused instead, before it has touched anything.
    /// </summary>
    /// <exception cref="IOException">Another run holds the lock.</exception>
    /// <exception cref="ArgumentException">The output path is a file.</exception>
    public IDisposable LockForRun() => Lock(RunLockFile, "run");

    /// <summary>
    /// Takes the folder's ingest lock (as <see cref="LockForRun"/>, but its own file, so a processor may share the
    /// folder): two ingests of one --out into Kafka at once, an overlapping cron job, each resumed from what the
    /// topic held and published the rest, and the topic held both, interleaved (117,546 events for 99,011).
    /// </summary>
    /// <exception cref="IOException">Another ingest holds the lock.</exception>
    /// <exception cref="ArgumentException">The output path is a file.</exception>
    public IDisposable LockForIngest() => Lock(IngestLockFile, "ingest");

    /// <summary>
    /// Removes the folder again when it holds nothing but its run lock: a command that made it for a run that then
    /// failed before writing anything (a lake or event log it could not reach) left it holding a lone <c>.run.lock</c>.
    /// Call once this process's lock is released: the lock is taken again for the removal, so a run that took the
    /// folder meanwhile keeps it. A folder with anything else in it is left as it is.
    /// </summary>
    public void RemoveIfOnlyLocked()
    {
        try
        {
            if (!Directory.Exists(Path))
                return;
            using (LockForRun())
            {
                if (!Directory.EnumerateFileSystemEntries(Path).All(e => e == RunLockFile))
                    return;
                File.Delete(RunLockFile); // held: a run starting now opens a new lock file, and the folder is not empty
            }

            Directory.Delete(Path); // fails, and is left, if such a run has put its lock file there meanwhile
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // left as it is: the command's own error is the one to report
        }
    }

    private FileStream Lock(string file, string holder)
    {
        if (File.Exists(Path))
            throw new ArgumentException($"{Path} is a file: the output (--out) must be a folder, made if missing");
        // A file above it: "could not find a part of the path" said nothing of which part.
        for (string? above = System.IO.Path.GetDirectoryName(Path); above is not null; above = System.IO.Path.GetDirectoryName(above))
        {
            if (File.Exists(above))
                throw new ArgumentException($"{above} is a file, so the output folder {Path} cannot be made under it");
        }

        Directory.CreateDirectory(Path);
        try
        {
            // FileShare.None takes flock(LOCK_EX) on Unix: held per open file, so within one process too.
            return new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"{Path} is in use by another {holder} (it holds {file}): wait for it to finish, or choose another --out", ex);
        }
    }

    /// <param name="resumeAt">For a run resumed from a checkpoint: the dead-letter file's length at that
    /// checkpoint. The file is cut back to it, so the records replayed after it are not written twice.</param>
    public DeadLetterWriter OpenDeadLetters(long? resumeAt = null)
    {
        // The dead letters are this run's from here on: an earlier run's summary.json must not stay beside them, for
        // a folder with one holds one run's results whole (it stayed while the new run read, and after it was killed).
        Directory.CreateDirectory(RejectedFolder); // the folder too: File.Delete throws for a missing folder
        File.Delete(SummaryFile);
        if (resumeAt is not { } length)
            return DeadLetterWriter.Create(RejectedFile);

        return DeadLetterWriter.OpenResumed(RejectedFile, length);
    }

    /// <param name="inventory">Stock from the run's inventory input, if it had one: written to inventory.csv, with
    /// its low-stock alerts among the others in alerts.csv.</param>
    /// <param name="rows">Also gets the rows of profiles.csv and sessions.csv as they are written, if given.</param>
    /// <param name="summaryLater">Leave summary.json out, for <see cref="WriteSummary"/> once the run's other outputs (its data lake) are written too.</param>
    public void WriteResults(RunResult result, InventoryLedger? inventory = null, IResultRowSink? rows = null, bool summaryLater = false)
    {
        Directory.CreateDirectory(Path);
        // The summary goes first and comes back last: a folder with one holds one run's results. A run stopped while
        // writing them left its new files beside the earlier run's summary, which readers took for a whole run.
        File.Delete(SummaryFile);
        rows?.Begin(result.Summary.Users, result.Summary.Sessions);

        // The tables are independent reads of the finished state: write them side by side.
        var tables = new List<Action>
        {
            () => WriteAtomically(ProfilesFile, s => ProfilesCsv.Write(s, result, rows)),
            () => WriteAtomically(SessionsFile, s => SessionsCsv.Write(s, result, rows)),
        };
        if (result.HasAnalytics)
            tables.AddRange(AnalyticsTables(result, inventory));
        else
            DeleteAnalyticsFiles();
        try
        {
            Parallel.Invoke([.. tables]);
        }
        catch (AggregateException ex)
        {
            // The writers' own error (a full disk, say), as if written one after another: callers turn an IOException
            // into one line, where the wrapper was an unhandled stack trace.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }

        if (!summaryLater)
            WriteSummary(result);
    }

    /// <summary>Writes summary.json, the run's last output: a folder with one holds that run's results whole.</summary>
    public void WriteSummary(RunResult result) => WriteAtomically(SummaryFile, s => SummaryJson.Write(s, result.Summary));

    private Action[] AnalyticsTables(RunResult result, InventoryLedger? inventory)
    {
        IEnumerable<Alert> alerts = result.Alerts;
        if (inventory is not null)
        {
            var all = new List<Alert>(result.Alerts);
            all.AddRange(inventory.Alerts);
            all.Sort(Alert.Compare);
            alerts = all;
            WriteAtomically(InventoryFile, s => InventoryCsv.Write(s, inventory.Levels()));
        }
        else
        {
            File.Delete(InventoryFile); // an earlier run's, which would pass for this run's stock
        }

        return
        [
            () =>
            {
                WriteAtomically(MinuteMetricsFile, s => WindowMetricsCsv.Write(s, result.MinuteMetrics));
                WriteAtomically(HourlyMetricsFile, s => WindowMetricsCsv.Write(s, result.HourlyMetrics));
                WriteAtomically(RollingMetricsFile, s => WindowMetricsCsv.Write(s, result.RollingMetrics));
                WriteAtomically(AlertsFile, s => AlertsCsv.Write(s, alerts));
                WriteAtomically(CartAbandonmentFile, s => CartAbandonmentCsv.Write(s, result.CartAbandonment));
                WriteAtomically(OrdersFile, s => OrdersCsv.Write(s, result.Orders));
            },
            () =>
            {
                WriteAtomically(ProductHourlyFile, s => HourlyFunnelCsv.WriteProducts(s, result.ProductHourly));
                WriteAtomically(CategoryHourlyFile, s => HourlyFunnelCsv.WriteCategories(s, result.CategoryHourly));
                WriteAtomically(TrendingProductsFile, s => TrendingProductsCsv.Write(s, result.TrendingProducts));
            },
        ];
    }

    // A profiles-only run: the analytics files of an earlier run in the folder are removed, so none is taken for this run's.
    private void DeleteAnalyticsFiles()
    {
        string[] analytics =
        [
            MinuteMetricsFile, HourlyMetricsFile, RollingMetricsFile, AlertsFile, CartAbandonmentFile, OrdersFile,
            ProductHourlyFile, CategoryHourlyFile, TrendingProductsFile, InventoryFile,
        ];
        foreach (string file in analytics)
            File.Delete(file);
    }

    public RunSummary ReadSummary()
    {
        using var s = File.OpenRead(SummaryFile);
        return SummaryJson.Read(s);
    }

    // A failed write (a full disk, say) leaves no half file behind: sessions.csv.tmp alone can be hundreds of megabytes.
    // One temporary name per file, so a crash's leftover is overwritten by the next write instead of piling up.
    // Each file is on disk before its rename (fsync, then the folder's): a finished run deletes its checkpoints next,
    // and a power cut after that could otherwise leave summary.json beside empty or missing tables, with nothing
    // to resume from. Drop-behind has started writing most of each file already, so the fsync waits for its tail.
    private static void WriteAtomically(string file, Action<Stream> write) =>
        Log.Embedded.DurableFile.Replace(file, file + ".tmp", sync: true, write, static (temp, write, sync) =>
        {
            var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            using var s = new DropBehindStream(output);
            write(s);
            output.Flush(flushToDisk: sync);
        });
}
