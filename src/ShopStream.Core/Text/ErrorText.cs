namespace ShopStream.Core.Text;

/// <summary>Error messages as the one line a terminal, a log line or a table's note shows.</summary>
public static class ErrorText
{
    /// <summary>
    /// A message of several lines as one: its first paragraph, line breaks made spaces. DuckDB's, for one, adds after a
    /// blank line the SQL it failed in (ours, not the user's: query keeps the whole message for its own SQL).
    /// </summary>
    public static string FirstParagraph(string message)
    {
        string text = message.ReplaceLineEndings("\n");
        int blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        string first = blank > 0 ? text[..blank] : text;
        return string.Join(' ', first.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
