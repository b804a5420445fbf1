using ShopStream.Core.Checkpoints;
using ShopStream.Core.Processing;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Checkpoints;

public sealed class SpooledStateTests
{
    // A state bigger than the file buffer, with repeated strings (the writer's string table) and bytes of every value.
    private static void SaveSample(StateWriter w)
    {
        for (int i = 0; i < 50_000; i++)
        {
            w.Write(i * 7919L);
            w.WriteString(i % 3 == 0 ? "electronics.smartphone" : $"brand-{i % 97}");
            w.Write((decimal)i / 100);
        }

        w.Write([.. Enumerable.Range(0, 256).Select(b => (byte)b)]);
    }

    [Fact]
    public void A_spooled_state_goes_into_a_checkpoint_as_the_same_bytes_as_a_state_held_in_memory()
    {
        using var temp = new TempFolder();
        var inMemory = StateBytes.Of(SaveSample);
        using var spooled = SpooledState.Of(temp.Path, SaveSample);

        var expected = new MemoryStream();
        var w1 = new StateWriter(expected);
        w1.Write(inMemory);
        w1.Flush();
        var actual = new MemoryStream();
        var w2 = new StateWriter(actual);
        spooled.WriteTo(w2);
        w2.Flush();

        Assert.Equal(inMemory.Count, spooled.Length);
        Assert.Equal(expected.ToArray(), actual.ToArray());
        actual.Position = 0;
        Assert.Equal(inMemory.ToArray(), new StateReader(actual).ReadBytes().ToArray());
    }

    [Fact]
    public void A_spooled_state_can_be_copied_again_and_leaves_no_file_once_disposed()
    {
        using var temp = new TempFolder();
        var spooled = SpooledState.Of(temp.Path, SaveSample);
        Assert.Single(Directory.GetFiles(temp.Path));
        var first = new MemoryStream();
        var w = new StateWriter(first);
        spooled.WriteTo(w);
        w.Flush();
        var second = new MemoryStream();
        w = new StateWriter(second);
        spooled.WriteTo(w);
        w.Flush();

        spooled.Dispose();

        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void A_checkpointed_run_leaves_only_its_checkpoints_in_the_checkpoint_folder()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        File.Copy(RepoPaths.Rees46Sample, input);
        string output = temp.File("out");
        var options = new PipelineOptions { Partitions = 2, ParseThreads = 1, BatchSize = 256 };

        var run = CheckpointedRun.Run(input, output, options, CheckpointPolicy.EveryNEvents(1000));

        Assert.True(run.Written >= 4);
        Assert.True(run.LastSize > 0);
        var files = Directory.GetFiles(Path.Combine(output, "checkpoint"));
        Assert.Equal(2, files.Length);
        Assert.All(files, f => Assert.EndsWith(".ckpt", f, StringComparison.Ordinal));
    }
}
