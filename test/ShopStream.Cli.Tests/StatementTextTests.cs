using ShopStream.Cli.Commands;

namespace ShopStream.Cli.Tests;

/// <summary>One statement's text cut from what follows it, so that query can wrap it in a subquery.</summary>
public sealed class StatementTextTests
{
    [Theory]
    [InlineData("SELECT [1,2] l; -- trailing", "SELECT [1,2] l")]
    [InlineData("SELECT 1;;  \n/* done */ ;", "SELECT 1")]
    [InlineData("SELECT 1 -- no semicolon", "SELECT 1 -- no semicolon")]
    [InlineData("SELECT 'a;b' s; -- x", "SELECT 'a;b' s")]
    [InlineData("SELECT 'it''s; fine' s;", "SELECT 'it''s; fine' s")]
    [InlineData("SELECT E'\\'; still' s;", "SELECT E'\\'; still' s")]
    [InlineData("SELECT 'a\\'; -- x", "SELECT 'a\\'")] // backslashes are literal outside E'...'
    [InlineData("SELECT \"a;\"\"b\" FROM t;", "SELECT \"a;\"\"b\" FROM t")]
    [InlineData("SELECT $$a;b$$ s;", "SELECT $$a;b$$ s")]
    [InlineData("SELECT $q$a;$$;b$q$ s;", "SELECT $q$a;$$;b$q$ s")]
    [InlineData("SELECT 1 -- a; comment\n, 2;", "SELECT 1 -- a; comment\n, 2")]
    [InlineData("SELECT 1 /* a /* nested; */ ; */ x;", "SELECT 1 /* a /* nested; */ ; */ x")]
    [InlineData("SELECT $1;", "SELECT $1")]
    // A $ inside an identifier opens no dollar quote (DuckDB's scanner): the ';' in the comment is not the end, the
    // one after the WHERE is. Read as a quote, the statement was cut at the comment and ran without its WHERE.
    [InlineData("SELECT list(n) AS a$$b$, '$b$' AS s FROM t -- note; x\nWHERE n = 1;", "SELECT list(n) AS a$$b$, '$b$' AS s FROM t -- note; x\nWHERE n = 1")]
    [InlineData("SELECT 1 AS \u20ACe'x;' ;", "SELECT 1 AS \u20ACe'x;' ")] // \u20ACe is an identifier: no E'' string
    [InlineData("SELECT 'a; b' x -- c'\n; WHERE", "SELECT 'a; b' x -- c'\n; WHERE")] // text after the ';': not cut
    [InlineData("SELECT $\u00E9t\u00E9$ ; $\u00E9t\u00E9$ AS s;", "SELECT $\u00E9t\u00E9$ ; $\u00E9t\u00E9$ AS s")]
    public void The_statement_ends_at_its_first_semicolon_outside_quotes_and_comments(string sql, string statement) =>
        Assert.Equal(statement, StatementText.Statement(sql));
}
