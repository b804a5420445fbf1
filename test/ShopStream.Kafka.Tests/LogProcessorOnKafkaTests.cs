using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

/// <summary>Core's log processor (what <c>shopstream process</c> runs) works unchanged on the Kafka log.</summary>
[Collection(IngestCluster.Name)]
public sealed class LogProcessorOnKafkaTests(KafkaCluster cluster)
{
    [Fact]
    public void Processing_the_sample_from_kafka_writes_exactly_what_processing_it_from_the_embedded_log_writes()
    {
        using var temp = new TempFolder();
        var input = InputFile.FromPath(RepoPaths.Rees46Sample);
        string fromKafka = temp.File("kafka-out"), fromFile = temp.File("file-out");

        var options = cluster.NewTopics("process");
        using (var log = new KafkaLogBuilder(options).Build())
        {
            new LogIngest([input], null, log, temp.File("kafka-rejected.jsonl")).Run();
            Process(log, fromKafka);
            Assert.Equal(log.EndOffset(3), log.Committed("processors", 3)); // offsets committed to Kafka after the checkpoints
        }

        using (var log = new FileEventLogBuilder(temp.File("log")).WithOptions(new FileEventLogOptions { Partitions = KafkaCluster.Partitions, Fsync = FsyncPolicy.OnClose }).Build())
        {
            new LogIngest([input], null, log, temp.File("file-rejected.jsonl")).Run();
            Process(log, fromFile);
        }

        GoldenSummary.AssertMatches(System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fromKafka, "summary.json"))).RootElement);
        // Checkpoints are left out: where they fall depends on how the reader batches records, which differs.
        var files = Results(fromFile);
        Assert.Contains("profiles.csv", files);
        Assert.Equal(files, Results(fromKafka));
        foreach (var file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(fromFile, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(fromKafka, file))), $"{file} differs");
    }

    private static List<string> Results(string folder) =>
        [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Where(f => !f.StartsWith("checkpoint", StringComparison.Ordinal)).Order()];

    private static void Process(IEventLog log, string outputPath)
    {
        var output = new RunDirectory(outputPath);
        var result = new LogProcessor(log, output, new PipelineOptions(), "processors", Core.Checkpoints.CheckpointPolicy.EveryNEvents(400)).Run();
        output.WriteResults(result);
    }
}
