using ShopStream.Core.Checkpoints;
using ShopStream.Core.Processing;
using ShopStream.Core.Tests.Checkpoints;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Spill;

/// <summary>A run that spilled before and after its last checkpoint, killed, resumes to the same results as a run never spilled.</summary>
public sealed class SpillCheckpointTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_crashed_spilling_run_resumes_from_its_checkpoint_and_ends_byte_identical_to_a_run_without_spill(int partitions)
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        File.WriteAllText(input, ChurnInput.Csv(users: 600, seed: 4));
        var options = new PipelineOptions { Partitions = partitions, ParseThreads = 1, BatchSize = 64 };

        string clean = temp.File("clean");
        CheckpointedRun.Run(input, clean, options, CheckpointPolicy.EveryNEvents(long.MaxValue));

        string crashed = temp.File("crashed");
        var spilling = options with { SpillFolder = Path.Combine(crashed, ".spill"), StateHorizon = TimeSpan.Zero, UsersPerSpillRun = 5, SessionsPerSpillRun = 5, OrdersPerSpillRun = 2 };
        int batches = 0;
        var crash = Assert.Throws<IOException>(() => CheckpointedRun.Run(
            input, crashed, spilling, CheckpointPolicy.EveryNEvents(700), observe: _ =>
            {
                if (++batches == 40)
                    throw new IOException("crash");
            }));
        Assert.Equal("crash", crash.Message);
        var spilledAtCrash = Directory.GetFiles(spilling.SpillFolder, "*.run", SearchOption.AllDirectories).ToHashSet();
        Assert.True(spilledAtCrash.Count > 10, $"only {spilledAtCrash.Count} spill runs before the crash");
        Assert.NotEmpty(new CheckpointStore(Path.Combine(crashed, "checkpoint")).Files());

        var resumed = CheckpointedRun.Run(input, crashed, spilling, CheckpointPolicy.EveryNEvents(700));

        Assert.NotNull(resumed.Restored);
        Assert.True(resumed.Written > 0, "the resumed run checkpoints (and spills) again");
        Assert.False(Directory.Exists(spilling.SpillFolder), "the spill is removed with the result");
        Assert.Equal(CheckpointedRun.Outputs(clean), CheckpointedRun.Outputs(crashed));
    }

    [Fact]
    public void A_spill_run_the_checkpoint_names_that_is_gone_is_one_checkpoint_error_naming_from_scratch()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        File.WriteAllText(input, ChurnInput.Csv(users: 600, seed: 4));
        string crashed = temp.File("crashed");
        var spilling = new PipelineOptions { Partitions = 2, ParseThreads = 1, BatchSize = 64, SpillFolder = Path.Combine(crashed, ".spill"), StateHorizon = TimeSpan.Zero, UsersPerSpillRun = 5, SessionsPerSpillRun = 5 };
        int batches = 0;
        Assert.Throws<IOException>(() => CheckpointedRun.Run(
            input, crashed, spilling, CheckpointPolicy.EveryNEvents(700), observe: _ =>
            {
                if (++batches == 40)
                    throw new IOException("crash");
            }));
        File.Delete(Directory.GetFiles(spilling.SpillFolder, "users-000000.run", SearchOption.AllDirectories)[0]);

        // Restored on a thread per partition, it came out as an AggregateException: "unexpected error", exit 1.
        var error = Assert.Throws<CheckpointException>(() => CheckpointedRun.Run(input, crashed, spilling, CheckpointPolicy.EveryNEvents(700)));

        Assert.Contains("is missing", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("run with --from-scratch to start over", error.Message, StringComparison.Ordinal);
    }
}
