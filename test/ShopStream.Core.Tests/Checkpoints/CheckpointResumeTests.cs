using ShopStream.Core.Checkpoints;
using ShopStream.Core.Processing;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Checkpoints;

public sealed class CheckpointResumeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_run_resumed_from_any_of_its_checkpoints_ends_byte_identical_to_an_uninterrupted_run(int partitions)
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        ShiftedSample.Write(input, copies: 6);
        var options = new PipelineOptions { Partitions = partitions, ParseThreads = 2, BatchSize = 512 };

        string clean = temp.File("clean");
        var cleanRun = CheckpointedRun.Run(input, clean, options, CheckpointPolicy.EveryNEvents(long.MaxValue));
        Assert.Equal(0, cleanRun.Written);
        var expected = CheckpointedRun.Outputs(clean);

        // A run that keeps all its checkpoints; each is then resumed on its own, as if the run had died just after it.
        string full = temp.File("full");
        var checkpointed = CheckpointedRun.Run(input, full, options, CheckpointPolicy.EveryNEvents(2500), keep: int.MaxValue);
        Assert.True(checkpointed.Written >= 10, $"only {checkpointed.Written} checkpoints");
        Assert.Equal(expected, CheckpointedRun.Outputs(full));

        var files = new CheckpointStore(Path.Combine(full, "checkpoint")).Files();
        foreach (string checkpoint in files.Where((_, i) => i % 3 == 0))
        {
            string resumed = temp.File("resumed-" + Path.GetFileNameWithoutExtension(checkpoint));
            Directory.CreateDirectory(Path.Combine(resumed, "checkpoint"));
            Directory.CreateDirectory(Path.Combine(resumed, "rejected"));
            File.Copy(checkpoint, Path.Combine(resumed, "checkpoint", Path.GetFileName(checkpoint)));
            File.Copy(Path.Combine(full, "rejected", "rejected.jsonl"), Path.Combine(resumed, "rejected", "rejected.jsonl")); // longer than the checkpoint covers

            var run = CheckpointedRun.Run(input, resumed, options with { ParseThreads = 1 }, CheckpointPolicy.EveryNEvents(7000));

            Assert.NotNull(run.Restored);
            Assert.Equal(expected, CheckpointedRun.Outputs(resumed));
        }
    }
}
