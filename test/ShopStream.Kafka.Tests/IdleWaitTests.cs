using Confluent.Kafka;
using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Kafka.Consumer;
using ShopStream.Kafka.Processing;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

/// <summary>
/// An idle processor instance does not stop while another member of its group holds partitions that nobody has
/// processed to the topic's end (a killed instance holds its partitions until its session times out): it waits,
/// says for which partitions, and takes them over when that member goes; only past its hand-over wait does it stop
/// without them, naming them. Nor does it stop before the group has taken its own partitions' offsets.
/// </summary>
[Collection(IdleWaitCluster.Name)]
public sealed class IdleWaitTests(KafkaCluster cluster)
{
    private const short OffsetCommitApi = 8;

    [Fact]
    public async Task An_idle_instance_waits_for_the_partitions_a_silent_member_holds_and_ends_with_the_whole_results()
    {
        using var temp = new TempFolder();
        var (input, kafka, group) = Ingested(temp, "idle-wait");
        string shared = temp.File("shared");
        var notices = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new KafkaGroupProcessor(kafka, group, new RunDirectory(shared), new PipelineOptions(), CheckpointPolicy.EveryNEvents(500), exitWhenIdle: TimeSpan.FromSeconds(2))
        {
            Notice = line => notices.TrySetResult(line),
        };

        Task<RunResult> run;
        using (var silent = SilentMember.Joined(kafka, group))
        {
            run = Task.Run(() => processor.Run());
            string notice = await notices.Task.WaitAsync(TimeSpan.FromSeconds(60)); // stopping here would lose the silent member's partitions
            Assert.Contains($"partitions {string.Join(", ", silent.Assignment)}:", notice, StringComparison.Ordinal);
            Assert.False(run.IsCompleted);
        } // the silent member leaves: its partitions go to the waiting instance

        var result = await run.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Empty(processor.Unfinished);
        Assert.Equal(5000, processor.Processed);
        EmbeddedReference.AssertSameResults(EmbeddedReference.Write(input, temp), shared);
        Assert.Equal(1747, result.Summary.Users);
    }

    [Fact]
    public async Task An_idle_instance_stops_after_its_hand_over_wait_and_names_the_partitions_its_results_miss()
    {
        using var temp = new TempFolder();
        var (_, kafka, group) = Ingested(temp, "idle-give-up");
        var processor = new KafkaGroupProcessor(kafka, group, new RunDirectory(temp.File("shared")), new PipelineOptions(), CheckpointPolicy.EveryNEvents(500), exitWhenIdle: TimeSpan.FromSeconds(2));

        using var silent = SilentMember.Joined(kafka, group);
        var started = DateTime.UtcNow;
        var result = await Task.Run(() => processor.Run()).WaitAsync(TimeSpan.FromSeconds(90));

        Assert.True(DateTime.UtcNow - started >= processor.HandOverWait, $"stopped after {DateTime.UtcNow - started}, before its hand-over wait of {processor.HandOverWait}");
        Assert.Equal(silent.LastShare, processor.Unfinished);
        Assert.InRange(result.Summary.Users, 1, 1746); // the processed partitions' users only
    }

    [Fact]
    public async Task An_idle_instance_stops_only_once_the_group_has_taken_its_offsets()
    {
        if (cluster.Mock is not { } mock)
            return; // only the mock cluster can be told to refuse commits
        using var temp = new TempFolder();
        var (_, kafka, group) = Ingested(temp, "idle-commit");
        var processor = new KafkaGroupProcessor(kafka, group, new RunDirectory(temp.File("shared")), new PipelineOptions(), CheckpointPolicy.EveryNEvents(1_000_000), exitWhenIdle: TimeSpan.FromSeconds(3));

        var run = Task.Run(() => processor.Run());
        await Eventually.True(() => processor.Processed == 5000, "the instance did not process the sample");

        // The commits as it goes idle and as it leaves are refused, as during a rebalance; a later one is not.
        mock.FailNextRequests(OffsetCommitApi, ErrorCode.RebalanceInProgress, count: 2);
        await run.WaitAsync(TimeSpan.FromSeconds(60));
        AssertCommittedToTheEnd(kafka, group);
    }

    [Fact]
    public async Task An_idle_instance_does_not_stop_while_a_rebalance_has_left_it_without_partitions()
    {
        if (cluster.Mock is not { } mock)
            return; // only the mock cluster can be told to refuse commits
        using var temp = new TempFolder();
        var (_, kafka, first) = Ingested(temp, "idle-rebalance");
        string shared = temp.File("shared");
        var done = new KafkaGroupProcessor(kafka, first, new RunDirectory(shared), new PipelineOptions(), CheckpointPolicy.EveryNEvents(500), exitWhenIdle: TimeSpan.FromSeconds(2));
        await Task.Run(() => done.Run()).WaitAsync(TimeSpan.FromSeconds(90)); // every partition checkpointed at its end

        // A second group over those checkpoints: the instance shares it with a silent member, and its commits are
        // refused, so it waits (nothing is behind the topic's end, but the group has not taken its offsets) until
        // that member leaves. The rebalance then revokes its partitions before it assigns it all of them: in between
        // it owns nothing, so it has nothing to commit, and had it stopped there no one would commit the offsets.
        string group = "g-" + Guid.NewGuid().ToString("n");
        var processor = new KafkaGroupProcessor(kafka, group, new RunDirectory(shared), new PipelineOptions(), CheckpointPolicy.EveryNEvents(500), exitWhenIdle: TimeSpan.FromSeconds(1));
        Task<RunResult> run;
        mock.FailNextRequests(OffsetCommitApi, ErrorCode.RebalanceInProgress, count: 10_000);
        try
        {
            using (var silent = SilentMember.Joined(kafka, group))
            {
                run = Task.Run(() => processor.Run());
                await Eventually.True(() => processor.Assigned > 0, "the instance got no partitions");
                await Task.Delay(TimeSpan.FromSeconds(3)); // idle, refused
                Assert.False(run.IsCompleted);
            }

            int sharing = processor.Assigned;
            await Eventually.True(() => run.IsCompleted || processor.Assigned > sharing, "the instance was not given the silent member's partitions");
        }
        finally
        {
            mock.ClearRequestErrors(OffsetCommitApi); // the cluster is the other tests' too
        }

        await run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(processor.Assigned, processor.Resumed); // every partition from its checkpoint: none processed again
        AssertCommittedToTheEnd(kafka, group);
    }

    private static void AssertCommittedToTheEnd(KafkaLogOptions kafka, string group)
    {
        using var log = new KafkaLogBuilder(kafka).Build();
        for (int p = 0; p < log.Partitions; p++)
            Assert.Equal(log.EndOffset(p), log.Committed(group, p));
    }

    // The sample in fresh topics, and a group of its own (groups are per cluster, which the tests share). A 6 s session
    // timeout keeps the mock cluster's rebalances (one second shorter) and the hand-over wait (three of them) short.
    private (InputFile Input, KafkaLogOptions Kafka, string Group) Ingested(TempFolder temp, string name)
    {
        var input = InputFile.FromPath(RepoPaths.Rees46Sample);
        var kafka = cluster.NewTopicsWith(name, input, temp.File("kafka-rejected.jsonl")) with { SessionTimeout = TimeSpan.FromSeconds(6) };
        return (input, kafka, "g-" + Guid.NewGuid().ToString("n"));
    }

    /// <summary>
    /// A group member that reads its partitions and neither processes nor checkpoints them: what a killed instance
    /// looks like to the others until its session times out. It polls on a thread of its own and leaves on disposal.
    /// </summary>
    private sealed class SilentMember : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _leave;
        private volatile int[] _assignment = [], _lastShare = [];
        private Exception? _failure;

        private SilentMember(KafkaLogOptions kafka, string group)
        {
            _thread = new Thread(() => Poll(kafka, group)) { IsBackground = true, Name = "silent member" };
            _thread.Start();
        }

        public IReadOnlyList<int> Assignment => _assignment;

        /// <summary>The latest partitions it held while sharing the group (fewer than all, more than none).</summary>
        public IReadOnlyList<int> LastShare => _lastShare;

        /// <summary>A member that has joined the group alone, so it holds every partition until another member joins.</summary>
        public static SilentMember Joined(KafkaLogOptions kafka, string group)
        {
            var member = new SilentMember(kafka, group);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (member.Assignment.Count < KafkaCluster.Partitions)
            {
                if (member._failure is { } failure)
                    throw new InvalidOperationException("the silent member failed", failure);
                Assert.True(DateTime.UtcNow < deadline, "the silent member got no partitions within a minute");
                Thread.Sleep(50);
            }

            return member;
        }

        public void Dispose()
        {
            _leave = true;
            Assert.True(_thread.Join(TimeSpan.FromSeconds(60)), "the silent member did not leave");
            if (_failure is not null)
                throw new InvalidOperationException("the silent member failed", _failure);
        }

        private void Poll(KafkaLogOptions kafka, string group)
        {
            try
            {
                using var reader = new KafkaGroupReaderBuilder(kafka, group).Build();
                var batch = new ConsumedEvents(100);
                while (!_leave)
                {
                    reader.Poll(batch, TimeSpan.FromMilliseconds(100));
                    int[] now = [.. reader.Assignment];
                    _assignment = now;
                    if (now.Length is > 0 and < KafkaCluster.Partitions)
                        _lastShare = now;
                }
            }
            catch (Exception ex)
            {
                _failure = ex;
            }
        }
    }
}
