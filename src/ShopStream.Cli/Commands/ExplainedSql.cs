namespace ShopStream.Cli.Commands;

/// <summary>
/// An <c>EXPLAIN</c> read apart, so that <c>query</c> runs only what it has checked: <c>EXPLAIN ANALYZE</c> runs the
/// statement it explains (a <c>COPY</c> under it wrote files, into the lake too), where plain <c>EXPLAIN</c> only plans
/// it. The statement after <c>EXPLAIN [ANALYZE]</c> (whitespace and comments skipped) is prepared on its own and must be
/// a SELECT, and what runs is <see cref="Rebuilt"/> from it, never the text given: a reading of comments or quotes that
/// differed from DuckDB's could otherwise check one statement and run another. Options in parentheses are not read.
/// </summary>
internal sealed record ExplainedSql(bool Analyze, string Statement)
{
    /// <summary>The EXPLAIN to run: the keywords, then exactly the statement that was checked.</summary>
    public string Rebuilt => (Analyze ? "EXPLAIN ANALYZE " : "EXPLAIN ") + Statement;

    /// <summary>The keywords and the text after them; null when <paramref name="sql"/> does not begin with EXPLAIN.</summary>
    public static ExplainedSql? Read(string sql)
    {
        int at = 0;
        if (!Keyword(sql, ref at, "EXPLAIN"))
            return null;
        bool analyze = Keyword(sql, ref at, "ANALYZE") || Keyword(sql, ref at, "ANALYSE");
        SkipSpace(sql, ref at);
        return new ExplainedSql(analyze, sql[at..]);
    }

    /// <summary>Whether <paramref name="sql"/> begins with the keyword <paramref name="word"/> (any case, after whitespace and comments).</summary>
    public static bool BeginsWith(string sql, string word)
    {
        int at = 0;
        return Keyword(sql, ref at, word);
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
                at = StatementText.PastLineComment(sql, at);
            }
            else if (sql.AsSpan(at).StartsWith("/*"))
            {
                at = StatementText.PastBlockComment(sql, at);
            }
            else
            {
                return;
            }
        }
    }
}
