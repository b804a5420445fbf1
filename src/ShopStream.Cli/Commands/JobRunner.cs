using System.Diagnostics;
using ShopStream.Cli.Reporting;
using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using Spectre.Console;

namespace ShopStream.Cli.Commands;

/// <summary>Runs the main job for a command: progress, report, and errors turned into one line and an exit code.</summary>
internal static class JobRunner
{
    public static int Run(
        string input, InputFormat? format, string outputPath, PipelineOptions options, bool quiet, string? note = null, string? inventory = null,
        (CheckpointPolicy? Policy, bool FromScratch) checkpoints = default, string? store = null)
    {
        var console = AnsiConsole.Console;
        try
        {
            using var publisher = store is null ? null : StorePublisher.Open(store);
            var output = new RunDirectory(outputPath);
            using var job = new RunJob(input, format, output, options, inventory: inventory, checkpoints: checkpoints.Policy, fromScratch: checkpoints.FromScratch);
            if (!quiet && job.Checkpoints?.Restored is { } restored)
                console.MarkupLineInterpolated($"resuming from checkpoint {restored.Sequence}: {restored.Read:N0} records already processed");
            if (!quiet && job.CheckpointsOffForStdin)
                console.MarkupLine("checkpoints are off: standard input cannot be read again after a crash");
            var clock = Stopwatch.StartNew();
            var result = ProgressDisplay.Run(console, job.Reader, enabled: !quiet, () => job.Execute());
            var published = publisher?.Publish(result);
            if (!quiet)
            {
                if (note is not null)
                    console.MarkupLine(note);
                RunReport.Print(console, result.Summary, output.Path, clock.Elapsed);
                if (job.Checkpoints is { Written: > 0 } written)
                    console.MarkupLineInterpolated($"checkpoints: {written.Written:N0} written, the stream paused {written.Paused.TotalSeconds:N2} s for them (last {written.LastSize / 1048576.0:N1} MiB)");
                if (job.Inventory is { } inv)
                    console.MarkupLineInterpolated($"inventory: {inv.Read:N0} changes read, {inv.Rejected:N0} rejected, {inv.Ledger.Alerts.Count:N0} low-stock alerts (inventory.csv, alerts.csv)");
                if (published is not null)
                    console.MarkupLineInterpolated($"published to {publisher!.Description} (version {published.Version}): {published.Profiles.Upserted:N0} of {published.Profiles.Copied:N0} profiles, {published.Sessions.Upserted:N0} of {published.Sessions.Copied:N0} sessions, {published.HourlyMetrics.Upserted:N0} hourly and {published.MinuteMetrics.Upserted:N0} minute windows upserted");
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is InputException or ArgumentException or CheckpointException or UnknownCheckpointVersionException)
        {
            return Fail(ExitCodes.BadInput, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(ExitCodes.Failed, ex);
        }
    }

    public static int Fail(int code, Exception ex)
    {
        Console.Error.WriteLine($"shopstream: {ex.Message}");
        if (Environment.GetEnvironmentVariable("SHOPSTREAM_DEBUG") == "1")
            Console.Error.WriteLine(ex);
        return code;
    }
}
