using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Lake.Runs;
using ShopStream.Lake.Storage;
using ShopStream.Tests;

namespace ShopStream.Lake.Tests.Runs;

public sealed class LakeRunGoldTests
{
    [Fact]
    public async Task Results_written_without_golds_row_sink_are_refused_and_nothing_is_committed()
    {
        using var temp = new TempFolder();
        string lake = temp.File("lake");
        var output = new RunDirectory(temp.File("run"));
        Directory.CreateDirectory(output.Path);
        var options = new PipelineOptions();
        using (var writer = new LakeRunWriterBuilder(new LocalLakeStorage(lake), temp.File("staging")).Build())
        {
            RunResult result;
            using (var deadLetters = output.OpenDeadLetters())
            {
                var reader = new EventReader(InputFiles.Resolve(RepoPaths.Rees46Sample), null, deadLetters, options.BatchSize, options.ParseThreads);
                result = StreamPipeline.Run(reader, options, checkpoints: null, observe: writer.Observe);
            }

            using (result)
            {
                output.WriteResults(result);
                var error = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.FinishAsync(result, output.RejectedFile));
                Assert.Contains("gold got 0 profiles and 0 sessions", error.Message, StringComparison.Ordinal);
            }
        }

        Assert.Empty(Directory.EnumerateDirectories(lake, "_delta_log", SearchOption.AllDirectories));
    }
}
