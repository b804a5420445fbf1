namespace ShopStream.Cli.Commands;

/// <summary>
/// The statement an <c>EXPLAIN</c> wraps, so <c>query</c> can check it too: <c>EXPLAIN ANALYZE</c> runs its
/// statement (a <c>COPY</c> under it wrote files, into the lake too), where plain <c>EXPLAIN</c> only plans it.
/// Skips what DuckDB's grammar allows before the statement: whitespace, comments, <c>ANALYZE</c> (or <c>ANALYSE</c>)
/// and a parenthesized option list (<c>(FORMAT json)</c>).
/// </summary>
internal static class ExplainedSql
{
    /// <summary>The text after <c>EXPLAIN</c> and its options; null when <paramref name="sql"/> does not read as an EXPLAIN this way (the caller then refuses it).</summary>
    public static string? Inner(string sql)
    {
        int at = 0;
        if (!Keyword(sql, ref at, "EXPLAIN"))
            return null;
        if (!Keyword(sql, ref at, "ANALYZE"))
            Keyword(sql, ref at, "ANALYSE");
        SkipSpace(sql, ref at);
        if (at < sql.Length && sql[at] == '(' && !SkipOptions(sql, ref at))
            return null;
        SkipSpace(sql, ref at);
        return sql[at..];
    }

    // Consumes `word` (any case) as a whole word after whitespace and comments; leaves `at` alone when it is not next.
    private static bool Keyword(string sql, ref int at, string word)
    {
        int i = at;
        SkipSpace(sql, ref i);
        if (i + word.Length > sql.Length || string.Compare(sql, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0)
            return false;
        int end = i + word.Length;
        if (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
            return false;
        at = end;
        return true;
    }

    private static void SkipSpace(string sql, ref int at)
    {
        while (at < sql.Length)
        {
            if (char.IsWhiteSpace(sql[at]))
            {
                at++;
            }
            else if (sql.AsSpan(at).StartsWith("--"))
            {
                int end = sql.IndexOf('\n', at);
                at = end < 0 ? sql.Length : end + 1;
            }
            else if (sql.AsSpan(at).StartsWith("/*"))
            {
                // Nested, as in PostgreSQL's grammar, which DuckDB's follows.
                int depth = 0;
                do
                {
                    if (sql.AsSpan(at).StartsWith("/*"))
                        (depth, at) = (depth + 1, at + 2);
                    else if (sql.AsSpan(at).StartsWith("*/"))
                        (depth, at) = (depth - 1, at + 2);
                    else
                        at++;
                }
                while (depth > 0 && at < sql.Length);
            }
            else
            {
                return;
            }
        }
    }

    // Past a balanced "( ... )" (quoted strings and identifiers inside skipped whole); false when it does not close.
    private static bool SkipOptions(string sql, ref int at)
    {
        int depth = 0;
        for (; at < sql.Length; at++)
        {
            char c = sql[at];
            if (c is '\'' or '"')
            {
                int close = sql.IndexOf(c, at + 1);
                if (close < 0)
                    return false;
                at = close;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth == 0)
            {
                at++;
                return true;
            }
        }

        return false;
    }
}
