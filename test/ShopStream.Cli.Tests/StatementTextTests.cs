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
    public void The_statement_ends_at_its_first_semicolon_outside_quotes_and_comments(string sql, string statement) =>
        Assert.Equal(statement, StatementText.Statement(sql));
}
