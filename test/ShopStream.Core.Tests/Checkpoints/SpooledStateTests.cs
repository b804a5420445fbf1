using System.Buffers.Binary;
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

        for (int b = 0; b < 256; b++)
            w.Write(b * 0x01010101);
    }

    [Fact]
    public void A_spooled_state_goes_into_a_checkpoint_as_the_bytes_the_state_writes_after_their_length()
    {
        using var temp = new TempFolder();
        var inMemory = new MemoryStream();
        var direct = new StateWriter(inMemory);
        SaveSample(direct);
        direct.Flush();
        using var spooled = SpooledState.Of(temp.Path, SaveSample);

        var actual = new MemoryStream();
        var w = new StateWriter(actual);
        spooled.WriteTo(w);
        w.Flush();

        Assert.Equal(inMemory.Length, spooled.Length);
        Assert.Equal(inMemory.Length, BinaryPrimitives.ReadInt64LittleEndian(actual.GetBuffer()));
        Assert.Equal(inMemory.ToArray(), actual.ToArray()[8..]);
        actual.Position = 0;
        Assert.Equal((8L, inMemory.Length), new StateReader(actual).SkipState());
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
