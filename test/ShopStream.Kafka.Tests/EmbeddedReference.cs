using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

/// <summary>What processing an input from the embedded log writes: the reference the Kafka processors must equal.</summary>
internal static class EmbeddedReference
{
    /// <summary>The result files compared (checkpoints and dead letters depend on batching and partition order).</summary>
    public static readonly string[] ResultFiles =
        ["summary.json", "profiles.csv", "sessions.csv", "hourly_metrics.csv", "minute_metrics.csv", "product_hourly.csv", "orders.csv", "alerts.csv"];

    /// <summary>Ingests <paramref name="input"/> into a new embedded log of the cluster's partition count and processes it into a folder.</summary>
    public static string Write(InputFile input, TempFolder temp)
    {
        string folder = temp.File("embedded");
        using var log = new FileEventLogBuilder(temp.File("embedded-log")).WithOptions(new FileEventLogOptions { Partitions = KafkaCluster.Partitions, Fsync = FsyncPolicy.OnClose }).Build();
        new LogIngest([input], null, log, temp.File("embedded-rejected.jsonl")).Run();
        new RunDirectory(folder).WriteResults(new LogProcessor(log, new RunDirectory(temp.File("embedded-state")), new PipelineOptions(), "reference", CheckpointPolicy.EveryNEvents(1500)).Run());
        return folder;
    }

    /// <summary>Asserts every result file of <paramref name="actual"/> equals the reference's, byte for byte; a failure names the first line that differs.</summary>
    public static void AssertSameResults(string expected, string actual)
    {
        foreach (string file in ResultFiles)
        {
            string want = Path.Combine(expected, file), got = Path.Combine(actual, file);
            if (!File.ReadAllBytes(want).SequenceEqual(File.ReadAllBytes(got)))
                Assert.Fail($"{file} differs: {FirstDifference(File.ReadAllLines(want), File.ReadAllLines(got))}");
        }
    }

    // What a rare failure (processes killed mid-way) needs to be understood: which line, and both versions of it.
    private static string FirstDifference(string[] want, string[] got)
    {
        for (int i = 0; i < Math.Min(want.Length, got.Length); i++)
        {
            if (want[i] != got[i])
                return $"line {i + 1}: expected {want[i].Trim()} got {got[i].Trim()}";
        }

        return $"{want.Length} lines expected, {got.Length} written (or only line endings differ)";
    }
}
