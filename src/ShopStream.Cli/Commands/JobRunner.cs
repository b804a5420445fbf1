using System.Diagnostics;
using ShopStream.Cli.Lake;
using ShopStream.Cli.Reporting;
using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Serving;
using ShopStream.Core.Text;
using ShopStream.Postgres;
using Spectre.Console;

namespace ShopStream.Cli.Commands;

/// <summary>Runs the main job for a command: progress, report, and errors turned into one line and an exit code.</summary>
internal static class JobRunner
{
    /// <param name="lake">The data lake's root (a folder or s3://bucket/prefix), or null to write none.</param>
    /// <param name="store">The PostgreSQL store's URL to publish the results to, and how, or null.</param>
    /// <param name="live">Where the run's state is published for serving it live (<c>--serve</c>), if anywhere.</param>
    public static int Run(
        string input, InputFormat? format, string outputPath, PipelineOptions options, bool quiet, string? note = null, string? inventory = null,
        (CheckpointPolicy? Policy, bool FromScratch) checkpoints = default, (string Url, PublishMode Mode)? store = null, string? lake = null, LivePipeline? live = null)
    {
        var report = ReportConsole.Create();
        var console = report.Console;
        // A run that fails before it writes anything (a lake it cannot reach, a store that refuses it) removes an --out
        // it made: it was left holding a lone .run.lock.
        bool madeOut = !Directory.Exists(outputPath) && !File.Exists(outputPath);
        try
        {
            using var publisher = store is { } target ? StorePublisher.Open(target.Url, target.Mode) : null;
            // The lake root's form (gs://, s3:/ one slash short, '..' in an S3 prefix) is checked before the run takes
            // the folder, which a refused root left holding its lock file; also on a resumed run, which does not write it.
            if (lake is not null)
                (ShopStream.Lake.Storage.LakeStorage.Open(lake) as IDisposable)?.Dispose();
            var output = new RunDirectory(outputPath);
            RunLake? lakeRun = null;
            // Finds the inputs and the checkpoint to resume, and changes nothing in the folder until Start below.
            using var job = new RunJob(
                input, format, output, options, inventory: inventory, checkpoints: checkpoints.Policy, fromScratch: checkpoints.FromScratch,
                observe: lake is null ? null : batch => lakeRun?.Writer.Observe(batch), live: live);

            // An earlier run's lake is left as it was: query, jobs and report would show that run's numbers.
            if (lake is null && Directory.Exists(Path.Combine(output.Path, "lake")))
                Console.Error.WriteLine($"shopstream: note: {Path.Combine(output.Path, "lake")} holds an earlier run's lake, which this run leaves as it was (--lake writes this run's)");

            // The lake needs every event of the run, which a run resumed from a checkpoint does not see: it starts
            // over. It resumed without writing the lake, exit 0, leaving the earlier run's lake (or none) beside
            // its new results.
            if (lake is not null && job.Restored is { } checkpoint)
            {
                Console.Error.WriteLine($"shopstream: note: starting over rather than resuming from checkpoint {checkpoint.Sequence} ({checkpoint.Read:N0} records in): the data lake needs every event of the run (lake vacuum deletes the files a killed run left in it)");
                job.StartOver();
            }

            if (lake is null)
                RunLake.DeleteLeftoverStaging(output);

            // The lake is reached (S3: credentials, bucket) and its first files created (a local lake that cannot be
            // written) before the run empties the folder's dead letters and removes the earlier run's summary.json.
            var lakeStorage = lake is null ? null : RunLake.Reach(lake, output);
            using var lakeClient = lakeStorage as IDisposable; // an S3 lake's client, the run's to let go of
            using var lakeScope = lakeRun = lakeStorage is null ? null : RunLake.Open(lakeStorage, output, job.InputBytes, options);
            job.Start();
            if (job.PassedOverCheckpoint is { } damaged && job.Checkpoints?.Restored is { } older)
                Console.Error.WriteLine($"shopstream: warning: {damaged}: resuming from the checkpoint before it ({older.Sequence})");
            if (!quiet && job.Checkpoints?.Restored is { } restored)
                console.MarkupLineInterpolated($"resuming from checkpoint {restored.Sequence}: {restored.Read:N0} records already processed");
            if (!quiet && job.CheckpointsOffForStdin)
                console.MarkupLine("checkpoints are off: a stream (standard input, a pipe) cannot be read again after a crash");
            if (job.CheckpointsDiscardedBy is { } why)
                Console.Error.WriteLine($"shopstream: warning: {output.CheckpointFolder} held an earlier run's checkpoints, which {why} cannot resume: they were removed, and this run starts over");
            var clock = Stopwatch.StartNew();
            using var result = ProgressDisplay.Run(console, job.Reader, enabled: !quiet, () => job.Execute(lakeRun?.Writer.Gold, summaryLater: lakeRun is not null));
            if (lakeRun is not null)
            {
                // The summary comes last, after the lake's commits: a folder with one holds the run's outputs whole.
                lakeRun.Finish(console, result, quiet);
                output.WriteSummary(result);
            }

            // A run that accepted nothing publishes nothing: one that read records and accepted none (the wrong
            // --format, most often) fails with exit 2 below, and one whose input held none (a header alone) warns; it
            // must not replace the store's numbers with empty ones (--store-replace emptied the store, exit 0).
            bool publishNothing = result.Summary.EventsAccepted == 0;
            if (!quiet && !publishNothing && publisher is not null)
                console.MarkupLineInterpolated($"publishing to {publisher.Description} ..."); // it may wait for a lock, or take minutes
            var published = publishNothing ? null : publisher?.Publish(result, output.Path);
            if (!quiet)
            {
                if (note is not null)
                    console.MarkupLine(note);
                // A resumed run's rate is of the records it read itself: with the checkpoint's, 400,000 events in 2.88 s
                // said twice its speed.
                long? readNow = job.Restored is { } resumedFrom ? result.Summary.EventsRead - resumedFrom.Read : null;
                RunReport.Print(console, result.Summary, output.Path, clock.Elapsed, lakeRun?.Writer.Storage.Root, processed: readNow);
                if (job.Checkpoints is { Written: > 0 } written)
                    console.MarkupLineInterpolated($"checkpoints: {written.Written:N0} written, the stream paused {written.Paused.TotalSeconds:N2} s for them (last {written.LastSize / 1048576.0:N1} MiB)");
                if (job.Inventory is { } inv)
                    console.MarkupLineInterpolated($"inventory: {inv.Read:N0} changes read, {inv.Rejected:N0} rejected, {inv.Ledger.Alerts.Count:N0} low-stock alerts (inventory.csv, alerts.csv)");
                if (published is not null)
                    StoreReport.Print(console, publisher!.Description, published);
            }

            LateOutcome.Warn(result, options.Late.Lateness);
            // The input's outcome first (its warnings, an input that was all rejected: exit 2), then the report's.
            int code = InputOutcome.ExitCode(result.Summary.EventsRead, result.Summary.EventsAccepted, output.RejectedFile, job.Reader.Warnings, publishNothing ? publisher?.Description : null, emptyLeftAsItWas: true);
            // An inventory of which every line was rejected (another kind of file given to --inventory) fails as the
            // events' input does: it ended with exit 0 and an empty inventory.csv, said only in the report.
            if (code == ExitCodes.Ok && job.Inventory is { Read: > 0 } stock && stock.Rejected == stock.Read)
            {
                Console.Error.WriteLine($"shopstream: every stock change read from the --inventory input was rejected ({stock.Read:N0}), so inventory.csv is empty: is it stock changes as JSON lines ({{\"event_time\", \"product_id\", \"warehouse\", \"delta\", ...}})? The records and their reasons are in {output.RejectedFile}");
                code = ExitCodes.BadInput;
            }

            if (report.Failure is not { } unprinted)
                return code;
            int failed = Fail(ExitCodes.Failed, new IOException($"standard output: {unprinted.Message.TrimEnd('.', ' ')}: the report was not printed whole, but the run's outputs in {output.Path} are", unprinted));
            return code == ExitCodes.Ok ? failed : code;
        }
        catch (Exception ex) when (ex is InputException or ArgumentException or CheckpointException or UnknownCheckpointVersionException)
        {
            return Failed(ExitCodes.BadInput, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ShopStream.Lake.DuckDb.DuckDbException or DllNotFoundException or ShopStream.Lake.Delta.DeltaConflictException
            or FormatException or InvalidDataException // a damaged lake log, read for the run's commits
            or NotSupportedException) // a lake table that needs a newer Delta reader
        {
            return Failed(ExitCodes.Failed, ex);
        }

        int Failed(int code, Exception ex)
        {
            if (madeOut)
                new RunDirectory(outputPath).RemoveIfOnlyLocked();
            return Fail(code, ex);
        }
    }

    /// <summary>Writes <paramref name="ex"/>'s message as the one <c>shopstream: ...</c> line of the exit-code contract; returns <paramref name="code"/>.</summary>
    public static int Fail(int code, Exception ex)
    {
        Console.Error.WriteLine($"shopstream: {ErrorText.FirstParagraph(ex.Message)}");
        if (Environment.GetEnvironmentVariable("SHOPSTREAM_DEBUG") == "1")
            Console.Error.WriteLine(ex);
        return code;
    }
}
