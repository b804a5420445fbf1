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

    /// <summary>Asserts every result file of <paramref name="actual"/> equals the reference's, byte for byte.</summary>
    public static void AssertSameResults(string expected, string actual)
    {
        foreach (string file in ResultFiles)
            Assert.True(File.ReadAllBytes(Path.Combine(expected, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))), $"{file} differs");
    }
}
