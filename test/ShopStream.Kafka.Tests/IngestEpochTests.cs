using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Processing;
using ShopStream.Kafka.Processing;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

/// <summary>
/// Ingests of new inputs into a topic, one after another (a day's file after yesterday's): each follows the last once
/// that one finished, though a partition that got no events in an ingest holds none of its positions (Kafka appends
/// nothing for an empty batch), and the topic then holds what one ingest of all of them would.
/// </summary>
[Collection(IngestCluster.Name)]
public sealed class IngestEpochTests(KafkaCluster cluster)
{
    [Fact]
    public void Days_ingested_one_after_another_process_as_one_ingest_of_all_of_them()
    {
        using var temp = new TempFolder();
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        // A short middle day, so that most partitions get none of its events.
        string[] days = [temp.File("day1.csv"), temp.File("day2.csv"), temp.File("day3.csv")];
        File.WriteAllLines(days[0], lines[..2501]);
        File.WriteAllLines(days[1], [lines[0], .. lines[2501..2503]]);
        File.WriteAllLines(days[2], [lines[0], .. lines[2503..]]);
        var kafka = cluster.NewTopics("epochs");
        var results = new List<IngestResult>();
        using (var log = new KafkaLogBuilder(kafka).Build())
        {
            foreach (string day in days)
                results.Add(new LogIngest([InputFile.FromPath(day)], null, log, temp.File("rejected.jsonl")).Run());
            // The last day again: the same input, finished, so nothing is published twice.
            results.Add(new LogIngest([InputFile.FromPath(days[2])], null, log, temp.File("rejected.jsonl")).Run());
            Assert.Equal(5000, Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p)));
        }

        Assert.Equal([false, true, true, false], results.Select(r => r.NewInputs));
        Assert.Equal([2500L, 2L, 2498L, 0L], results.Select(r => r.Appended));
        var processor = new KafkaGroupProcessor(kafka, "g-" + Guid.NewGuid().ToString("n"), new(temp.File("kafka")), new PipelineOptions(), CheckpointPolicy.EveryNEvents(1500), TimeSpan.FromSeconds(2));
        processor.Run();
        EmbeddedReference.AssertSameResults(EmbeddedReference.Write(InputFile.FromPath(RepoPaths.Rees46Sample), temp), temp.File("kafka"));
    }
}
