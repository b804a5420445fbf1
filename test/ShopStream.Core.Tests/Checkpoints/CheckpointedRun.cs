using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;

namespace ShopStream.Core.Tests.Checkpoints;

/// <summary>A run into an output folder, resumed from the folder's checkpoint when it has one, wired as the CLI wires it.</summary>
internal static class CheckpointedRun
{
    /// <param name="observe">Sees each batch before it is routed (a test's crash is thrown from here).</param>
    public static StreamCheckpointer Run(
        string input, string output, PipelineOptions options, CheckpointPolicy policy, int keep = 2, Action<EventBatch>? observe = null, CheckpointMetrics? metrics = null)
    {
        var inputs = InputFiles.Resolve(input);
        var folder = new RunDirectory(output);
        var store = new CheckpointStore(folder.CheckpointFolder, keep);
        string key = RunKey.Of(inputs, null, options)!;
        var restored = store.LoadLatest(key);
        using var deadLetters = folder.OpenDeadLetters(restored?.DeadLetterBytes);
        var reader = new EventReader(inputs, null, deadLetters, options.BatchSize, options.ParseThreads, restored?.Position);
        var checkpoints = new StreamCheckpointer(store, policy, key, deadLetters, restored) { Metrics = metrics };
        using var result = StreamPipeline.Run(reader, options, checkpoints, observe);
        deadLetters.Dispose();
        folder.WriteResults(result);
        return checkpoints;
    }

    /// <summary>Every output file but the checkpoints, by relative path.</summary>
    public static SortedDictionary<string, byte[]> Outputs(string output) =>
        new(Directory.GetFiles(output, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}checkpoint{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(output, f), File.ReadAllBytes), StringComparer.Ordinal);
}
