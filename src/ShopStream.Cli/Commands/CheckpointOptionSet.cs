using System.CommandLine;
using ShopStream.Core.Checkpoints;

namespace ShopStream.Cli.Commands;

/// <summary>The checkpoint options of <c>run</c>: how often, off, or start over.</summary>
internal sealed class CheckpointOptionSet
{
    private readonly DurationOption _interval = new(
        "--checkpoint-interval", "Write a checkpoint after this much processing time", "30s, 5m; 0s: not by time", CheckpointPolicy.Default.Interval);

    private readonly Option<long> _every = new("--checkpoint-every")
    {
        Description = "Also write a checkpoint after this many events (default: not by count)",
    };

    private readonly Option<bool> _off = new("--no-checkpoint") { Description = "Write no checkpoints: a crashed run starts over" };

    private readonly Option<bool> _fromScratch = new("--from-scratch")
    {
        Description = "Discard the output folder's checkpoint and process everything again (backfill)",
    };

    public CheckpointOptionSet()
    {
        // From the token: a value that is no number has the parser's own error, and asking for it here threw (a
        // stack trace, exit 134, for --checkpoint-every abc).
        _every.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && long.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out long every) && every < 0)
                result.AddError($"--checkpoint-every must be 0 (not by count) or more events, got {every}");
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_interval.Option);
        command.Options.Add(_every);
        command.Options.Add(_off);
        command.Options.Add(_fromScratch);
        // --no-checkpoint beside an option that says when to write one: the other was ignored without a word.
        command.Validators.Add(result =>
        {
            if (result.GetValue(_off) && new Option[] { _every, _interval.Option }.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } when)
                result.AddError($"--no-checkpoint and {when.Name} contradict each other: give one");
        });
    }

    /// <summary>The policy (null: no checkpoints) and whether to start over.</summary>
    public (CheckpointPolicy? Policy, bool FromScratch) Read(ParseResult parse)
    {
        var policy = new CheckpointPolicy { Interval = _interval.Read(parse), EveryEvents = parse.GetValue(_every) };
        bool off = parse.GetValue(_off) || (policy.Interval == TimeSpan.Zero && policy.EveryEvents == 0);
        if (!off)
            policy.Validate();
        return (off ? null : policy, parse.GetValue(_fromScratch));
    }
}
