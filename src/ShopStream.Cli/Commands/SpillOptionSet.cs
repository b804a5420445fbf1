using System.CommandLine;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;

namespace ShopStream.Cli.Commands;

/// <summary>
/// <c>run</c>'s memory option: with <c>--state-horizon D</c>, users idle for D and closed sessions move to sorted runs
/// on disk, so memory follows the active users rather than the input. Off by default: spilling costs time (at 5M
/// events a 48 h horizon took 1.9 times the wall time of a run without it, for 20% less peak memory), and pays only
/// for inputs whose state would not fit in memory (benchmarks/README.md, "Scaling").
/// </summary>
internal sealed class SpillOptionSet
{
    private readonly Option<TimeSpan?> _horizon = new("--state-horizon")
    {
        Description = "Spill: users idle this long in event time (no open session) and closed sessions move from memory to sorted runs in OUT/.spill (e.g. 2h), for inputs too large for memory. Results do not change; it costs time. Default: no spill",
        CustomParser = r => Durations.Parse(r),
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_horizon);
    }

    /// <param name="liveServing">
    /// With <c>--serve</c> nothing may be spilled: live answers (a profile, a search, the summary so far) read every
    /// user's state in memory, and a spilled user would be missing from them or counted in part.
    /// </param>
    /// <exception cref="ArgumentException">--state-horizon together with live serving.</exception>
    public PipelineOptions Apply(ParseResult parse, PipelineOptions options, string output, bool liveServing)
    {
        if (liveServing && parse.GetValue(_horizon) is not null)
            throw new ArgumentException("--state-horizon spills idle users, which --serve needs in memory to answer for them: give one of the two");
        return parse.GetValue(_horizon) is { } horizon
            ? options with { StateHorizon = horizon, SpillFolder = new RunDirectory(output).SpillFolder }
            : options;
    }
}
