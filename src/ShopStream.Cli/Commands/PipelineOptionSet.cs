using System.CommandLine;
using ShopStream.Core.Processing;

namespace ShopStream.Cli.Commands;

/// <summary>The stream-processing options shared by the commands that run the pipeline.</summary>
/// <param name="withPartitions">False where the partitions are given by something else (a log's own).</param>
internal sealed class PipelineOptionSet(bool withPartitions = true)
{
    private static readonly PipelineOptions s_defaults = new();

    private readonly Option<int> _partitions = new("--partitions")
    {
        Description = "State partitions, each processed on its own thread",
        DefaultValueFactory = _ => s_defaults.Partitions,
    };

    private readonly Option<TimeSpan?> _sessionGap = Duration("--session-gap", "A gap longer than this starts a new session", s_defaults.SessionGap);
    private readonly Option<TimeSpan?> _dedupHorizon = Duration("--dedup-horizon", "How far back in event time duplicates are detected", s_defaults.DedupHorizon);
    private readonly Option<TimeSpan?> _disorder = Duration("--allowed-disorder", "How far out of order events may arrive before they count as late", s_defaults.AllowedDisorder);

    public void AddTo(Command command)
    {
        if (withPartitions)
            command.Options.Add(_partitions);
        command.Options.Add(_sessionGap);
        command.Options.Add(_dedupHorizon);
        command.Options.Add(_disorder);
    }

    public PipelineOptions Read(ParseResult parse) => s_defaults with
    {
        Partitions = withPartitions ? parse.GetValue(_partitions) : s_defaults.Partitions,
        SessionGap = parse.GetValue(_sessionGap) ?? s_defaults.SessionGap,
        DedupHorizon = parse.GetValue(_dedupHorizon) ?? s_defaults.DedupHorizon,
        AllowedDisorder = parse.GetValue(_disorder) ?? s_defaults.AllowedDisorder,
    };

    // No default value on the option itself: help would print it as .NET does (2.00:00:00) beside the description's 48h.
    private static Option<TimeSpan?> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = $"{description} (e.g. 30m, 48h; default {Durations.Format(defaultValue)})",
        CustomParser = result => Durations.Parse(result),
    };
}
