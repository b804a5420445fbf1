using System.CommandLine;
using ShopStream.Analytics.Jobs;

namespace ShopStream.Cli.Commands;

/// <summary>The options <c>jobs run</c> and <c>jobs schedule</c> share: which models, retries, incremental or full.</summary>
internal sealed class JobsOptionSet
{
    private readonly Option<string[]> _select = new("--select", "-s")
    {
        Description = "Models to run: NAME, NAME+ (with everything downstream), +NAME (with everything upstream); repeatable (default: all)",
        AllowMultipleArgumentsPerToken = true,
    };

    private readonly Option<bool> _full = new("--full") { Description = "Recompute every selected model, even those whose inputs have not changed" };

    private readonly Option<int> _attempts = new("--attempts") { Description = "Attempts per model before it counts as failed", DefaultValueFactory = _ => 3 };

    private readonly Option<string> _campaigns = new("--campaigns")
    {
        Description = "Campaigns CSV (campaign_id,channel,utm_source,utm_medium,utm_campaign,start_date,end_date,spend) for the campaign_roi model",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_campaigns);
        command.Options.Add(_select);
        command.Options.Add(_full);
        command.Options.Add(_attempts);
    }

    /// <exception cref="ArgumentException">--attempts is below 1.</exception>
    public GoldRunOptions Read(ParseResult parse)
    {
        int attempts = parse.GetValue(_attempts);
        if (attempts < 1)
            throw new ArgumentException($"--attempts {attempts}: give 1 or more");
        return new GoldRunOptions
        {
            Select = parse.GetValue(_select) ?? [],
            Incremental = !parse.GetValue(_full),
            MaxAttempts = attempts,
            Campaigns = parse.GetValue(_campaigns),
        };
    }
}
