namespace ShopStream.Analytics.Reporting;

/// <summary>Text from the data (a brand, a category, a campaign) made safe to show in either report file.</summary>
internal static class ReportText
{
    /// <summary>
    /// Line breaks and tabs as spaces, other control characters (C0, DEL, C1) as U+FFFD: an escape sequence in a brand
    /// recoloured or retitled the terminal that showed report.md, and HTML does not allow most of them.
    /// </summary>
    public static string WithoutControls(string text)
    {
        text = text.ReplaceLineEndings(" ");
        if (!text.Any(char.IsControl))
            return text;
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (int i = 0; i < span.Length; i++)
                span[i] = source[i] == '\t' ? ' ' : char.IsControl(source[i]) ? '\uFFFD' : source[i];
        });
    }
}
