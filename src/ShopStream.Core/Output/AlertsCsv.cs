using ShopStream.Core.Processing.Analytics;

namespace ShopStream.Core.Output;

/// <summary>Writes <c>alerts</c>: one row per alert; observed and expected values to four places, trailing zeros trimmed.</summary>
public static class AlertsCsv
{
    public static ReadOnlySpan<byte> Header => "type,key,window_start,window_end,observed,expected"u8;

    public static void Write(Stream output, IEnumerable<Alert> alerts)
    {
        using var w = new Utf8RowWriter(output);
        w.Line(Header);
        foreach (var a in alerts)
        {
            w.Text(a.Type);
            w.Text(a.Key);
            w.Time(a.WindowStart);
            w.Time(a.WindowEnd);
            w.Number(a.Observed);
            w.Number(a.Expected);
            w.EndRow();
        }
    }
}
