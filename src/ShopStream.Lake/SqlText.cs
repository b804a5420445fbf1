namespace ShopStream.Lake;

/// <summary>
/// The only way the lake puts a value into SQL text: file paths in <c>COPY ... TO</c> and <c>read_parquet([...])</c>,
/// which DuckDB does not take as parameters. A path becomes a standard SQL string literal (quotes doubled; DuckDB
/// treats backslashes literally), and control characters are refused, so no path can end the literal.
/// Column and view names come from fixed sets, never from users.
/// </summary>
public static class SqlText
{
    public static string Literal(string value)
    {
        foreach (char c in value)
        {
            if (char.IsControl(c))
                throw new ArgumentException("a path with control characters cannot be used by the lake", nameof(value));
        }

        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>A list literal of paths: <c>['a', 'b']</c>.</summary>
    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Literal)) + "]";
}
