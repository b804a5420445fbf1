using System.Diagnostics;
using ShopStream.Cli.Lake;
using ShopStream.Cli.Reporting;
using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using Spectre.Console;

namespace ShopStream.Cli.Commands;

/// <summary>Runs the main job for a command: progress, report, and errors turned into one line and an exit code.</summary>
internal static class JobRunner
{
    /// <param name="lake">The data lake's root (a folder or s3://bucket/prefix), or null to write none.</param>
    public static int Run(string input, InputFormat? format, string outputPath, PipelineOptions options, bool quiet, string? note = null, string? inventory = null, string? lake = null)
    {
        var console = AnsiConsole.Console;
        try
        {
            var output = new RunDirectory(outputPath);
            RunLake? lakeRun = null;
            using var job = new RunJob(input, format, output, options, inventory: inventory, observe: lake is null ? null : batch => lakeRun!.Writer.Observe(batch));

            // Opened once the job has found its inputs, so a missing input still writes nothing.
            using var lakeScope = lakeRun = lake is null ? null : RunLake.Open(lake, output);
            var clock = Stopwatch.StartNew();
            var result = ProgressDisplay.Run(console, job.Reader, enabled: !quiet, () => job.Execute());
            lakeRun?.Finish(console, result, quiet);
            if (!quiet)
            {
                if (note is not null)
                    console.MarkupLine(note);
                RunReport.Print(console, result.Summary, output.Path, clock.Elapsed);
                if (job.Inventory is { } inv)
                    console.MarkupLineInterpolated($"inventory: {inv.Read:N0} changes read, {inv.Rejected:N0} rejected, {inv.Ledger.Alerts.Count:N0} low-stock alerts (inventory.csv, alerts.csv)");
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is InputException or ArgumentException)
        {
            return Fail(ExitCodes.BadInput, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ShopStream.Lake.DuckDb.DuckDbException or DllNotFoundException or ShopStream.Lake.Delta.DeltaConflictException)
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
