using System.Text.RegularExpressions;

namespace ShopStream.Analytics.Models;

/// <summary>Finds which of a fixed set of view names a SQL text reads (comments and string literals ignored).</summary>
public static partial class SqlViewNames
{
    public static IReadOnlyList<string> In(string sql, IReadOnlySet<string> known)
    {
        string code = LiteralsAndComments().Replace(sql, " ");
        return Identifier().Matches(code).Select(m => m.Value).Where(known.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"--[^\n]*|'(?:[^']|'')*'|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex LiteralsAndComments();

    [GeneratedRegex(@"\b[a-z_][a-z0-9_]*\b")]
    private static partial Regex Identifier();
}
