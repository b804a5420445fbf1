using System.CommandLine;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;

namespace ShopStream.Cli.Commands;

/// <summary><c>run</c>'s memory options: how long idle users stay in memory before they are spilled, or no spill at all.</summary>
internal sealed class SpillOptionSet
{
    private readonly Option<TimeSpan?> _horizon = new("--state-horizon")
    {
        Description = "Users idle this long in event time (no open session) move from memory to sorted runs in OUT/.spill (e.g. 6h; default: the dedup horizon). Results do not change",
        CustomParser = r => Durations.Parse(r),
    };

    private readonly Option<bool> _noSpill = new("--no-spill") { Description = "Keep every user and session in memory until the end (memory grows with the input)" };

    public void AddTo(Command command)
    {
        command.Options.Add(_horizon);
        command.Options.Add(_noSpill);
    }

    public PipelineOptions Apply(ParseResult parse, PipelineOptions options, string output) => parse.GetValue(_noSpill)
        ? options
        : options with { StateHorizon = parse.GetValue(_horizon), SpillFolder = new RunDirectory(output).SpillFolder };
}
