using ShopStream.Core.Checkpoints;
using ShopStream.Core.Events;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.LogProcessing;

/// <summary>
/// A partition's earlier owner that still believes it owns it (a Kafka instance stalled past its session) must not
/// take the newest checkpoint's place from the owner that followed it (<see cref="PartitionClaim"/>).
/// </summary>
public sealed class PartitionFencingTests
{
    private const string RunKey = "fencing-test";
    private static readonly PipelineOptions s_options = new() { Partitions = 2, ParseThreads = 1, BatchSize = 64 };

    [Fact]
    public void Each_claim_takes_the_next_number_and_supersedes_the_ones_before()
    {
        using var temp = new TempFolder();
        string folder = temp.File("p0");

        var first = PartitionClaim.Take(folder);
        var second = PartitionClaim.Take(folder);

        Assert.Equal([1L, 2L], [first.Epoch, second.Epoch]);
        Assert.True(first.Superseded);
        Assert.False(second.Superseded);
        Assert.Equal(["owner-0000000002.claim"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Of_claims_made_at_once_exactly_one_is_current_the_highest()
    {
        using var temp = new TempFolder();
        string folder = temp.File("p0");

        var claims = new PartitionClaim[64];
        Parallel.For(0, claims.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => claims[i] = PartitionClaim.Take(folder));

        var current = Assert.Single(claims, c => !c.Superseded);
        Assert.Equal(claims.Max(c => c.Epoch), current.Epoch);
        Assert.Single(claims, c => c.Epoch == current.Epoch);
    }

    [Fact]
    public void A_claim_numbers_above_the_checkpoints_in_the_folder_when_the_claims_are_gone()
    {
        using var temp = new TempFolder();
        string folder = temp.File("p0");
        new CheckpointStore(folder, epoch: 7).Save(1, s => s.WriteByte(1));

        Assert.Equal(8, PartitionClaim.Take(folder).Epoch);
    }

    [Fact]
    public void A_later_epoch_s_checkpoint_is_the_newest_whatever_the_sequences()
    {
        using var temp = new TempFolder();
        string folder = temp.File("p0");
        new CheckpointStore(folder, keep: 10).Save(50, Text("plain, sequence 50"));
        new CheckpointStore(folder, keep: 10, epoch: 2).Save(3, Text("epoch 2, sequence 3"));
        new CheckpointStore(folder, keep: 10, epoch: 1).Save(9, Text("epoch 1, sequence 9")); // written last, by an earlier owner

        var store = new CheckpointStore(folder);
        Assert.Equal("epoch 2, sequence 3", store.Newest(File.ReadAllText, out _)!.Value.Value);
        Assert.Equal(["000000000050.ckpt", "e0000000001-000000000009.ckpt", "e0000000002-000000000003.ckpt"], store.Files().Select(Path.GetFileName));

        // An earlier owner's cleanup keeps the newest two, which are the later owner's.
        new CheckpointStore(folder, epoch: 1).Save(10, Text("epoch 1, sequence 10"));
        Assert.Contains("e0000000002-000000000003.ckpt", store.Files().Select(Path.GetFileName));
        Assert.Equal("epoch 2, sequence 3", store.Newest(File.ReadAllText, out _)!.Value.Value);
    }

    [Fact]
    public void An_owner_superseded_by_another_writes_no_checkpoint_and_the_later_owner_s_stays_the_newest()
    {
        using var temp = new TempFolder();
        var output = new RunDirectory(temp.File("out"));
        var events = Events(400);

        using var stalled = new PartitionHost(0, s_options, output, RunKey);
        Process(stalled, events, 0, 100);
        stalled.Checkpoint();
        Process(stalled, events, 100, 300); // processes on, not knowing the partition has moved

        using var next = new PartitionHost(0, s_options, output, RunKey);
        Assert.Equal(100, next.ResumeOffset);
        Process(next, events, 100, 200);
        next.Checkpoint();

        var error = Assert.Throws<PartitionTakenOverException>(stalled.Checkpoint);
        Assert.Equal(0, error.Partition);
        Assert.Equal(200, PartitionHost.CheckpointedOffset(0, output, RunKey, CheckpointStore.DefaultStartOver));
        Assert.Single(Directory.GetFiles(Path.Combine(output.CheckpointFolder, "p0"), "e0000000001-*.ckpt"));
    }

    [Fact]
    public void A_host_that_writes_no_checkpoints_claims_nothing()
    {
        using var temp = new TempFolder();
        var output = new RunDirectory(temp.File("out"));

        using var host = new PartitionHost(1, s_options, output, RunKey, checkpointed: false);

        Assert.False(Directory.Exists(Path.Combine(output.CheckpointFolder, "p1")));
    }

    private static Action<Stream> Text(string text) => s => s.Write(System.Text.Encoding.UTF8.GetBytes(text));

    private static void Process(PartitionHost host, ShopEvent[] events, int from, int to)
    {
        for (int i = from; i < to; i++)
            host.Process(events[i], events[i].EventTimeTicks, i);
    }

    private static ShopEvent[] Events(int count)
    {
        var start = new DateTime(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var events = new ShopEvent[count];
        for (int i = 0; i < count; i++)
        {
            var e = new ShopEvent
            {
                EventTimeTicks = start + (i * TimeSpan.TicksPerMinute),
                UserId = 1 + (i % 7),
                ProductId = 100 + (i % 13),
                Price = 9.99m,
                Quantity = 1,
                Type = EventType.View,
            };
            e.Fingerprint = Fingerprint128.Of(in e);
            events[i] = e;
        }

        return events;
    }
}
