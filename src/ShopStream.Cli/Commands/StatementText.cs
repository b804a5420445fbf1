namespace ShopStream.Cli.Commands;

/// <summary>
/// The text of one SQL statement without what may follow it (<c>;</c>, comments), so that <c>query</c> can wrap it in a
/// subquery: <c>SELECT [1] l; -- note</c> became <c>FROM (SELECT [1] l; -- note ...)</c>, a syntax error. Quotes and
/// comments are skipped as DuckDB's (PostgreSQL's) grammar reads them. The text has already been prepared as one
/// statement, so the first <c>;</c> outside them ends it; a reading that differed from DuckDB's could only cut the
/// text short, which then fails to prepare, never make another statement.
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
                return sql[..at];
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

    // $$ or $tag$ opening a dollar-quoted text; null for a parameter ($1) or anything else.
    private static string? DollarTag(string sql, int at)
    {
        int end = at + 1;
        while (end < sql.Length && (char.IsLetter(sql[end]) || sql[end] == '_' || (end > at + 1 && char.IsDigit(sql[end]))))
            end++;
        return end < sql.Length && sql[end] == '$' && !IsWordChar(sql, at - 1) ? sql[at..(end + 1)] : null;
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

    private static bool IsWordChar(string sql, int at) => at >= 0 && (char.IsLetterOrDigit(sql[at]) || sql[at] == '_');
}
