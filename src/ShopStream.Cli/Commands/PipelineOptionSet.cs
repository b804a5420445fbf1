using System.CommandLine;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Windows;

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

    private readonly DurationOption _sessionGap = new("--session-gap", "A gap longer than this starts a new session", "30m, 48h", s_defaults.SessionGap);
    private readonly DurationOption _dedupHorizon = new("--dedup-horizon", "How far back in event time duplicates are detected", "30m, 48h", s_defaults.DedupHorizon);
    private readonly DurationOption _disorder = new("--allowed-disorder", "How far out of order events may arrive before they count as late", "30m, 48h", s_defaults.AllowedDisorder);
    private readonly DurationOption _lateness = new(
        "--lateness", "How long past its end a window still takes late events; then it is final: written, and shown live with --serve", "1h, 48h", s_defaults.Late.Lateness);

    public void AddTo(Command command)
    {
        if (withPartitions)
            command.Options.Add(_partitions);
        command.Options.Add(_sessionGap.Option);
        command.Options.Add(_dedupHorizon.Option);
        command.Options.Add(_disorder.Option);
        command.Options.Add(_lateness.Option);
    }

    public PipelineOptions Read(ParseResult parse) => s_defaults with
    {
        Partitions = withPartitions ? parse.GetValue(_partitions) : s_defaults.Partitions,
        SessionGap = _sessionGap.Read(parse),
        DedupHorizon = _dedupHorizon.Read(parse),
        AllowedDisorder = _disorder.Read(parse),
        Late = Lateness(_lateness.Read(parse)),
    };

    // The default policy's kind (final results only, or early ones too) with the lateness given.
    private static LatePolicy Lateness(TimeSpan lateness) =>
        s_defaults.Late.EmitEarly ? LatePolicy.Update(lateness) : LatePolicy.Drop(lateness);
}
