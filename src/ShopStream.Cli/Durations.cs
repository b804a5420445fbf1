using System.CommandLine.Parsing;
using System.Globalization;

namespace ShopStream.Cli;

/// <summary>Parses durations written the way people write them: <c>30m</c>, <c>48h</c>, <c>90s</c>, <c>2d</c>, or <c>00:30:00</c>.</summary>
internal static class Durations
{
    public static TimeSpan Parse(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TryParse(text, out var value))
            return value;
        result.AddError(Seconds(text) is not null
            ? $"'{text}' is too long a duration (at most {TimeSpan.MaxValue.Days:N0}d)"
            : $"'{text}' is not a duration (examples: 30m, 48h, 90s, 2d)");
        return default;
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (Seconds(text) is { } seconds)
        {
            // Beyond TimeSpan (about 29,000 years) is no duration either: FromSeconds would throw.
            if (!(seconds < TimeSpan.MaxValue.TotalSeconds))
                return false;
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        // hh:mm:ss (or d.hh:mm:ss) only: TimeSpan reads a bare "30" as 30 days.
        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    // A number and a unit (s, m, h, d) as seconds, however many; null for any other text.
    private static double? Seconds(string text)
    {
        if (text.Length < 2 || !double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double n) || !(n >= 0))
            return null;
        return text[^1] switch
        {
            's' => n,
            'm' => n * 60,
            'h' => n * 3600,
            'd' => n * 86400,
            _ => null,
        };
    }
}
