using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Kafka.Processing;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

/// <summary>Processor instances sharing a consumer group and an output folder end with the outputs of one embedded run.</summary>
[Collection(IngestCluster.Name)]
public sealed class GroupProcessorTests(KafkaCluster cluster)
{
    [Fact]
    public async Task Two_instances_of_one_group_together_write_what_processing_the_embedded_log_writes()
    {
        using var temp = new TempFolder();
        var input = InputFile.FromPath(RepoPaths.Rees46Sample);
        var kafka = cluster.NewTopicsWith("group-process", input, temp.File("kafka-rejected.jsonl"));
        string group = "g-" + Guid.NewGuid().ToString("n"); // groups are per cluster, which the tests share
        string shared = temp.File("shared");

        var instances = Enumerable.Range(0, 2)
            .Select(_ => new KafkaGroupProcessor(kafka, group, new RunDirectory(shared), new PipelineOptions(), CheckpointPolicy.EveryNEvents(500), exitWhenIdle: TimeSpan.FromSeconds(4)))
            .ToList();
        var results = await Task.WhenAll(instances.Select(i => Task.Run(() => i.Run())));
        Assert.Contains(results, r => r.Summary.Users == 1747); // the instance that stopped last merged every partition

        Assert.Equal(5000, instances.Sum(i => i.Processed)); // no event processed twice, none skipped
        Assert.All(instances, i => Assert.True(i.Assigned > 0, "an instance got no partition"));
        string merged = temp.File("merged");
        using (var log = new KafkaLogBuilder(kafka).Build())
        {
            new RunDirectory(merged).WriteResults(CheckpointedResults.Merge(log, new RunDirectory(shared), new PipelineOptions()));
            for (int p = 0; p < log.Partitions; p++)
                Assert.Equal(log.EndOffset(p), log.Committed(group, p));
        }

        EmbeddedReference.AssertSameResults(EmbeddedReference.Write(input, temp), merged);
    }
}
