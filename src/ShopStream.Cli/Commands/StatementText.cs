namespace ShopStream.Cli.Commands;

/// <summary>
/// The text of one SQL statement without what may follow it (<c>;</c>, comments), so that <c>query</c> can wrap it in a
/// subquery: <c>SELECT [1] l; -- note</c> became <c>FROM (SELECT [1] l; -- note ...)</c>, a syntax error. Quotes,
/// identifiers and comments are read as DuckDB's scanner reads them (scan.l: an identifier goes on through letters,
/// digits, <c>_</c>, <c>$</c> and any byte from 0x80, so <c>a$$b$</c> is one, not a dollar quote). The text has already
/// been prepared as one statement, so the first <c>;</c> outside them ends it, and only <c>;</c>, whitespace and
/// comments may follow; when anything else does, this reading is not DuckDB's, and the text is kept whole (a query
/// that then fails to prepare, never one cut short that runs without its end).
/// </summary>
internal static class StatementText
{
    /// <summary><paramref name="sql"/> up to its first <c>;</c> outside quotes and comments (all of it when there is none).</summary>
    public static string Statement(string sql)
    {
        int at = 0;
        while (at < sql.Length)
        {
            char c = sql[at];
            if (c == ';')
                return OnlySeparatorsFrom(sql, at) ? sql[..at] : sql;
            at = c switch
            {
                '\'' => PastQuote(sql, at, '\'', backslashes: at > 0 && sql[at - 1] is 'e' or 'E' && !IsWordChar(sql, at - 2)),
                '"' => PastQuote(sql, at, '"', backslashes: false),
                '$' when DollarTag(sql, at) is { } tag => PastText(sql, sql.IndexOf(tag, at + tag.Length, StringComparison.Ordinal), tag.Length),
                '-' when At(sql, at, "--") => PastLineComment(sql, at),
                '/' when At(sql, at, "/*") => PastBlockComment(sql, at),
                _ => at + 1,
            };
        }

        return sql;
    }

    // After a quoted text that starts at `at`: a doubled quote stays inside it, as does an escaped one in E'...'.
    private static int PastQuote(string sql, int at, char quote, bool backslashes)
    {
        for (int i = at + 1; i < sql.Length; i++)
        {
            if (backslashes && sql[i] == '\\')
                i++;
            else if (sql[i] == quote && !(i + 1 < sql.Length && sql[i + 1] == quote))
                return i + 1;
            else if (sql[i] == quote)
                i++;
        }

        return sql.Length;
    }

    // $$ or $tag$ opening a dollar-quoted text (a tag: a letter, _ or byte from 0x80, then those or digits); null for a
    // parameter ($1), a $ inside an identifier, or anything else.
    private static string? DollarTag(string sql, int at)
    {
        if (IsWordChar(sql, at - 1))
            return null;
        int end = at + 1;
        while (end < sql.Length && (char.IsAsciiLetter(sql[end]) || sql[end] == '_' || sql[end] >= 0x80 || (end > at + 1 && char.IsAsciiDigit(sql[end]))))
            end++;
        return end < sql.Length && sql[end] == '$' ? sql[at..(end + 1)] : null;
    }

    // Whether only ';', whitespace and comments come from `at` on.
    private static bool OnlySeparatorsFrom(string sql, int at)
    {
        while (at < sql.Length)
        {
            if (sql[at] == ';' || char.IsWhiteSpace(sql[at]))
                at++;
            else if (At(sql, at, "--"))
                at = PastLineComment(sql, at);
            else if (At(sql, at, "/*"))
                at = PastBlockComment(sql, at);
            else
                return false;
        }

        return true;
    }

    /// <summary>After the <c>--</c> comment at <paramref name="at"/>: past its line end.</summary>
    public static int PastLineComment(string sql, int at) => PastText(sql, sql.IndexOfAny(['\n', '\r'], at), 1);

    /// <summary>After the <c>/*</c> comment at <paramref name="at"/>, nested as in PostgreSQL's grammar.</summary>
    public static int PastBlockComment(string sql, int at)
    {
        int depth = 0;
        do
        {
            if (At(sql, at, "/*"))
                (depth, at) = (depth + 1, at + 2);
            else if (At(sql, at, "*/"))
                (depth, at) = (depth - 1, at + 2);
            else
                at++;
        }
        while (depth > 0 && at < sql.Length);
        return at;
    }

    private static int PastText(string sql, int found, int length) => found < 0 ? sql.Length : found + length;

    private static bool At(string sql, int at, string text) => sql.AsSpan(at).StartsWith(text, StringComparison.Ordinal);

    // A character that goes on an identifier in DuckDB's scanner: ASCII letters and digits, _, $ and any from 0x80.
    private static bool IsWordChar(string sql, int at) => at >= 0 && (char.IsAsciiLetterOrDigit(sql[at]) || sql[at] is '_' or '$' || sql[at] >= 0x80);
}
