using System.Diagnostics;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Lake.Runs;
using ShopStream.Lake.Storage;
using Spectre.Console;

namespace ShopStream.Cli.Lake;

/// <summary>A run's data lake: its storage reached before the run touches its folder (<see cref="Reach"/>), its writer opened before the read, its tables written after it.</summary>
internal sealed class RunLake : IDisposable
{
    private RunLake(LakeRunWriter writer, RunDirectory output)
    {
        Writer = writer;
        Output = output;
    }

    public LakeRunWriter Writer { get; }

    private RunDirectory Output { get; }

    /// <summary>
    /// The lake's storage, reached, with every table's log read (in parallel), so bad credentials, a missing bucket or
    /// a damaged log fail before the run touches its folder: before it empties the dead letters and removes the earlier
    /// run's summary.json (a damaged log was found only at the commits, after the whole input was read). A local lake
    /// inside a folder the run deletes (its lake staging, spill or checkpoints) is refused.
    /// </summary>
    /// <exception cref="ArgumentException">The lake is inside a folder the run deletes.</exception>
    public static ILakeStorage Reach(string root, RunDirectory output)
    {
        var storage = LakeStorage.Open(root);
        try
        {
            if (storage is LocalLakeStorage
                && new[] { StagingFolder(output), output.SpillFolder, output.CheckpointFolder }.FirstOrDefault(f => FolderPaths.IsWithin(storage.Root, f)) is { } cleared)
            {
                throw new ArgumentException($"the lake '{root}' is inside {cleared}, which the run deletes: choose another --lake");
            }

            Task.WhenAll(ShopStream.Lake.Tables.LakeTables.All.Select(t => t.Open(storage).SnapshotAsync())).GetAwaiter().GetResult();
            return storage;
        }
        catch
        {
            (storage as IDisposable)?.Dispose(); // an S3 lake's client
            throw;
        }
    }

    /// <summary>The run's lake writer over <paramref name="storage"/> (from <see cref="Reach"/>).</summary>
    /// <param name="inputBytes">The run's input size, if known: sizes the lake's set of fingerprints.</param>
    /// <param name="pipeline">The run's settings: silver leaves out the duplicates the run counts.</param>
    public static RunLake Open(ILakeStorage storage, RunDirectory output, long? inputBytes, PipelineOptions pipeline)
    {
        var writer = new LakeRunWriterBuilder(storage, StagingFolder(output)).WithInputBytes(inputBytes).ForPipeline(pipeline).Build();
        return new RunLake(writer, output);
    }

    /// <summary>
    /// Deletes what a killed lake run left in the folder's staging (silver's spool: as large as silver) when this run
    /// writes no lake; a run that writes one starts its staging afresh. Its uncommitted files in the lake are orphans
    /// that <c>lake vacuum</c> removes.
    /// </summary>
    public static void DeleteLeftoverStaging(RunDirectory output)
    {
        if (Directory.Exists(StagingFolder(output)))
            Directory.Delete(StagingFolder(output), recursive: true);
    }

    private static string StagingFolder(RunDirectory output) => Path.Combine(output.Path, ".lake-staging");

    /// <summary>Writes the tables (one commit each) and, unless quiet, one line per table.</summary>
    public void Finish(IAnsiConsole console, RunResult result, bool quiet)
    {
        var clock = Stopwatch.StartNew();
        if (!quiet)
            console.MarkupLineInterpolated($"[grey]writing the data lake to {Writer.Storage.Root} ...[/]");
        var tables = Writer.FinishAsync(result, Output.RejectedFile).GetAwaiter().GetResult();
        if (quiet)
            return;
        foreach (var t in tables)
            console.MarkupLineInterpolated($"lake: {t.Table,-22} version {t.Version,3}  {t.Rows,12:N0} rows in {t.Files,4} files");
        console.MarkupLineInterpolated($"lake: written in {clock.Elapsed.TotalSeconds:N2} s; query it with shopstream query --lake {Writer.Storage.Root} \"SELECT ...\"");
    }

    public void Dispose() => Writer.Dispose();
}
