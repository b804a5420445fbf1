using Confluent.Kafka;
using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Kafka.Processing;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

/// <summary>
/// A processor instance that falls out of its group (the coordinator no longer knows it) has lost its partitions,
/// which another instance may own and have checkpointed further by then: it writes nothing of them, rejoins, and
/// restores whatever is newest when they come back.
/// </summary>
[Collection(KafkaClusterCollection.Name)]
public sealed class LostPartitionsTests(KafkaCluster cluster)
{
    private const short HeartbeatApi = 12;

    [Fact]
    public async Task An_instance_that_falls_out_of_its_group_drops_its_partitions_state_unwritten_and_ends_with_the_whole_results()
    {
        if (cluster.Mock is not { } mock)
            return; // only the mock cluster can be told to forget a member
        using var temp = new TempFolder();
        var input = InputFile.FromPath(RepoPaths.Rees46Sample);
        var kafka = cluster.NewTopicsWith("lost", input, temp.File("kafka-rejected.jsonl")) with { SessionTimeout = TimeSpan.FromSeconds(6) };
        var shared = new RunDirectory(temp.File("shared"));

        // No checkpoint by policy: until the idle wait, the only writes would be the ones a lost partition must not get.
        var processor = new KafkaGroupProcessor(kafka, "g-" + Guid.NewGuid().ToString("n"), shared, new PipelineOptions(), CheckpointPolicy.EveryNEvents(1_000_000), exitWhenIdle: TimeSpan.FromSeconds(8));
        var run = Task.Run(() => processor.Run());
        await Eventually.True(() => processor.Processed == 5000, "the instance did not process the sample");

        mock.FailNextRequests(HeartbeatApi, ErrorCode.UnknownMemberId); // its next heartbeat learns it is out of the group
        await Eventually.True(() => processor.Lost == KafkaCluster.Partitions, "the instance did not lose its partitions");
        using (var log = new KafkaLogBuilder(kafka).Build())
            Assert.Equal(Enumerable.Range(0, KafkaCluster.Partitions), CheckpointedResults.Unfinished(log, shared, new PipelineOptions())); // nothing written

        var result = await run.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(10_000, processor.Processed); // all again, from the start: nothing of the lost state was kept
        Assert.Equal(1747, result.Summary.Users);
        EmbeddedReference.AssertSameResults(EmbeddedReference.Write(input, temp), shared.Path);
    }
}
