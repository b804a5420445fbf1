namespace ShopStream.Core.Ingest;

/// <summary>A CSV record that began at <paramref name="Line"/> of <paramref name="Input"/> and ran over <paramref name="Lines"/> lines to its end inside a quote.</summary>
public sealed record OpenQuote(string Input, long Line, long Lines)
{
    /// <summary>The warning a command prints (even with --quiet): the rows after such a quote count as one record, not as events.</summary>
    public string Warning =>
        $"shopstream: warning: the record at line {Line:N0} of {Input} runs over {Lines:N0} line{(Lines == 1 ? "" : "s")} to the end of the file inside a quote: " +
        "a quote (\") left open joins every line after it into one record; mend the file and read it again";
}
