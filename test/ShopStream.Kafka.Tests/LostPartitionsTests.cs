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
/// restores whatever is newest when they come back. One that has not heard yet finds the later owner's claim when
/// it is about to checkpoint (<see cref="PartitionTakenOverException"/>), and drops the partitions as lost.
/// </summary>
[Collection(GroupCluster.Name)]
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
            Assert.Equal(Enumerable.Range(0, KafkaCluster.Partitions), CheckpointedResults.Unfinished(log, shared, new PipelineOptions(), CheckpointStore.DefaultStartOver)); // nothing written

        var result = await run.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(10_000, processor.Processed); // all again, from the start: nothing of the lost state was kept
        Assert.Equal(1747, result.Summary.Users);
        EmbeddedReference.AssertSameResults(EmbeddedReference.Write(input, temp), shared.Path);
    }

    [Fact]
    public async Task An_instance_whose_partitions_another_has_taken_over_checkpoints_none_of_them_and_ends_with_the_other_s_results()
    {
        using var temp = new TempFolder();
        var input = InputFile.FromPath(RepoPaths.Rees46Sample);
        var kafka = cluster.NewTopicsWith("taken", input, temp.File("kafka-rejected.jsonl")) with { SessionTimeout = TimeSpan.FromSeconds(6) };
        var shared = new RunDirectory(temp.File("shared"));
        var notices = new System.Collections.Concurrent.ConcurrentQueue<string>();

        // No checkpoint by policy: the instance's first would be at its idle wait, after the takeover.
        var stalled = new KafkaGroupProcessor(kafka, "g-" + Guid.NewGuid().ToString("n"), shared, new PipelineOptions(), CheckpointPolicy.EveryNEvents(1_000_000), exitWhenIdle: TimeSpan.FromSeconds(8))
        {
            Notice = notices.Enqueue,
        };
        var run = Task.Run(() => stalled.Run());
        await Eventually.True(() => stalled.Processed == 5000, "the instance did not process the sample");

        // Meanwhile another processor owns every partition in the same folder and processes them all to the end (as
        // a group would hand them to another instance while this one stalled).
        using (var log = new KafkaLogBuilder(kafka).Build())
            new LogProcessor(log, shared, new PipelineOptions(), "other", CheckpointPolicy.EveryNEvents(1500)).Run();

        var result = await run.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(KafkaCluster.Partitions, stalled.TakenOver);
        Assert.Contains(notices, n => n.Contains("was taken over by another instance", StringComparison.Ordinal));
        Assert.Empty(stalled.Unfinished);
        foreach (string folder in Directory.GetDirectories(shared.CheckpointFolder))
            Assert.All(Directory.GetFiles(folder, "*.ckpt"), f => Assert.StartsWith("e0000000002-", Path.GetFileName(f), StringComparison.Ordinal)); // the other's epoch, none of this instance's
        Assert.Equal(1747, result.Summary.Users);
        EmbeddedReference.AssertSameResults(EmbeddedReference.Write(input, temp), shared.Path);
    }
}
