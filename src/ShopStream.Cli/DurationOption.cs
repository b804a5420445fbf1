using System.CommandLine;
using ShopStream.Core.Text;

namespace ShopStream.Cli;

/// <summary>
/// A duration option with a default, which help shows as people write it (<c>default 48h</c>). System.CommandLine
/// prints a default value with TimeSpan's own text (<c>[default: 2.00:00:00]</c>) and offers no hook for it, so the
/// option itself has none: <see cref="Read"/> supplies it when the option is not given.
/// </summary>
internal sealed class DurationOption
{
    /// <param name="description">What it is, without examples or default.</param>
    /// <param name="examples">Values to show in help, e.g. <c>30m, 48h</c> (and what a special one means).</param>
    public DurationOption(string name, string description, string examples, TimeSpan defaultValue)
    {
        Default = defaultValue;
        Option = new Option<TimeSpan?>(name)
        {
            Description = $"{description} (e.g. {examples}; default {DurationText.Format(defaultValue)})",
            CustomParser = result => Durations.Parse(result),
        };
    }

    public Option<TimeSpan?> Option { get; }

    public TimeSpan Default { get; }

    /// <summary>The value given, or the default.</summary>
    public TimeSpan Read(ParseResult parse) => parse.GetValue(Option) ?? Default;
}
