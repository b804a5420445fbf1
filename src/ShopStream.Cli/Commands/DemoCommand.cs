using System.CommandLine;
using ShopStream.Core.Ingest;
using ShopStream.Core.Processing;

namespace ShopStream.Cli.Commands;

/// <summary><c>shopstream demo</c>: the main job on the bundled REES46 sample, with embedded defaults, landing the data lake too.</summary>
internal static class DemoCommand
{
    public const string SampleFile = "rees46-2019-Oct-head-5000.csv";

    /// <summary>Where the bundled sample lives: copied beside the program at build time.</summary>
    public static string SamplePath => Path.Combine(AppContext.BaseDirectory, "samples", SampleFile);

    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Output folder", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var command = new Command("demo", $"Run the pipeline on the bundled sample ({SampleFile}: 5,000 real REES46 events) and print the report") { output };
        command.SetAction(parse => JobRunner.Run(
            SamplePath, InputFormat.Rees46, parse.GetRequiredValue(output), new PipelineOptions(), quiet: false,
            note: $"[bold]ShopStream demo[/]: {SampleFile} (first 5,000 events of the REES46 2019-Oct clickstream)",
            lake: Path.Combine(parse.GetRequiredValue(output), "lake"))); // small: the demo shows the lake too
        return command;
    }
}
