using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Tests;

namespace ShopStream.Api.Tests;

/// <summary>Writes the bundled REES46 sample's run outputs into a folder, as <c>shopstream run --out DIR</c> does.</summary>
internal static class SampleRun
{
    public static RunResult WriteTo(string folder) => WriteTo(folder, RepoPaths.Rees46Sample);

    public static RunResult WriteTo(string folder, string input)
    {
        var output = new RunDirectory(folder);
        Directory.CreateDirectory(output.Path);
        var options = new PipelineOptions { ParseThreads = 1 };
        RunResult result;
        using (var deadLetters = output.OpenDeadLetters())
        {
            var reader = new EventReader(InputFiles.Resolve(input), null, deadLetters, options.BatchSize, options.ParseThreads);
            result = StreamPipeline.Run(reader, options);
        }

        output.WriteResults(result);
        return result;
    }
}
