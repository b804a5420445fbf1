using System.Text.RegularExpressions;

namespace ShopStream.Cli;

/// <summary>
/// System.CommandLine's parse errors in a user's words: "Cannot parse argument 'abc' for option '--events' as expected
/// type 'System.Nullable`1[System.Int64]'" names a .NET type where a user wants to know what to write.
/// </summary>
internal static partial class ParseErrorText
{
    public static string Of(string message)
    {
        string text = WhitespacePattern().Replace(message, " ");
        return ExpectedTypePattern().Replace(text, m => "as " + Kind(m.Groups[1].Value));
    }

    private static string Kind(string type) => NullablePattern().Replace(type, "$1") switch
    {
        "System.Int64" or "System.Int32" or "System.Int16" => "a whole number",
        "System.UInt64" or "System.UInt32" or "System.UInt16" => "a whole number of 0 or more",
        "System.Double" or "System.Single" or "System.Decimal" => "a number (e.g. 0.5)",
        "System.Boolean" => "true or false",
        "System.TimeSpan" => "a duration (e.g. 30s, 5m, 2h, 7d)",
        "System.DateTime" or "System.DateTimeOffset" => "a time (e.g. 2019-10-01T00:00:00Z)",
        var other => "a value of type " + other[(other.LastIndexOf('.') + 1)..],
    };

    [GeneratedRegex(@"as expected type '([^']+)'")]
    private static partial Regex ExpectedTypePattern();

    [GeneratedRegex(@"^System\.Nullable`1\[(.+)\]$")]
    private static partial Regex NullablePattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
