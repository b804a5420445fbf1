using System.Globalization;
using System.Net;
using System.Text;

namespace ShopStream.Analytics.Reporting;

/// <summary>Small charts as inline SVG (no script, no external file): vertical bars over days, labelled horizontal bars.</summary>
public static class SvgCharts
{
    private const string Accent = "#2563eb";

    /// <summary>
    /// Vertical bars, one per day at its place in time (a day without a point is a gap: placed one after another, the
    /// two weeks a shop was closed did not show), up from the zero line (down for a negative value). The axis has
    /// the zero line's 0, the maximum and, when negative, the minimum; the first and last days below.
    /// </summary>
    public static string Columns(IReadOnlyList<(DateTime Day, decimal Value)> points, int width = 760, int height = 220)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\">");
        if (points.Count == 0)
            return svg.Append(NoData).Append("</svg>").ToString();
        // Returns (negative quantities on purchase lines; a cancelled invoice is a refund, no purchase) can make a day's
        // revenue negative: its column goes down from the zero line (a negative height is not valid SVG, and browsers
        // drew nothing).
        decimal min = Math.Min(points.Min(p => p.Value), 0);
        decimal max = Math.Max(points.Max(p => p.Value), min < 0 ? 0 : 0.01m);
        decimal span = max - min;
        string maxLabel = Recommendations.Money(max), minLabel = Recommendations.Money(min);
        // The axis labels' column fits the longest (about 6.5 px a character at 11 px): 5·10^13 ran off the left edge.
        int left = Math.Max(70, 10 + (int)Math.Ceiling(6.5 * Math.Max(maxLabel.Length, minLabel.Length)));
        const int bottom = 30, top = 14, gap = 12;
        double plotW = width - left - 10, plotH = height - bottom - top;
        double zero = top + ((double)(max / span) * plotH);
        DateTime first = points.Min(p => p.Day).Date, last = points.Max(p => p.Day).Date;
        int slots = (int)(last - first).TotalDays + 1;
        double bar = Math.Min(plotW / slots, 48); // a few days must not make slabs
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{zero:0.##}\" x2=\"{width - 10}\" y2=\"{zero:0.##}\" stroke=\"#999\"/>");
        // The zero line is always 0 (a minimum's label drawn there instead read as the line's value); an extreme
        // beside it moves off by a line: the minimum below it, into the margin, the maximum above, if there is room.
        AxisLabel(svg, left, zero, "0");
        if (max > 0 && (zero - (top + 4) >= gap || zero - gap >= gap))
            AxisLabel(svg, left, Math.Min(top + 4, zero - gap), maxLabel);
        if (min < 0)
            AxisLabel(svg, left, Math.Max(top + plotH, zero + gap), minLabel);
        foreach (var (day, value) in points)
        {
            double h = (double)(Math.Abs(value) / span) * plotH;
            double y = value >= 0 ? zero - h : zero;
            double x = left + ((day.Date - first).TotalDays * bar);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + (bar * 0.1):0.##}\" y=\"{y:0.##}\" width=\"{Math.Max(bar * 0.8, 0.5):0.##}\" height=\"{h:0.##}\" fill=\"{Accent}\"><title>{Day(day)}: {Recommendations.Money(value)}</title></rect>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{height - 8}\" font-size=\"11\" fill=\"#555\">{Day(first)}</text>");
        if (slots > 1)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - 10}\" y=\"{height - 8}\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">{Day(last)}</text>");
        return svg.Append("</svg>").ToString();
    }

    private const string NoData = "<text x=\"10\" y=\"20\" font-size=\"13\" fill=\"#555\">no data</text>";

    private static string Day(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void AxisLabel(StringBuilder svg, int left, double y, string text) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{y:0.##}\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">{Encode(text)}</text>");

    /// <summary>The most characters of a bar's label shown: its column holds about that many at 13 px.</summary>
    public const int MaxLabelLength = 30;

    // A label longer than its column ends in "…" (the whole of it in the label's tooltip): a campaign id of 3,000
    // characters ran past the chart's left edge, clipped to its last few.
    private static string Shortened(string label)
    {
        if (label.Length <= MaxLabelLength)
            return label;
        int cut = MaxLabelLength - 1;
        if (char.IsHighSurrogate(label[cut - 1]))
            cut--; // not half a character
        return label[..cut] + "…";
    }

    /// <summary>Horizontal bars with a label on the left and the value (and optional note) on the right.</summary>
    public static string Bars(IReadOnlyList<(string Label, decimal Value, string Note)> rows, int width = 760)
    {
        const int rowH = 28;
        int labelW = width * 28 / 100, valueW = width * 32 / 100;
        int height = Math.Max(rows.Count * rowH, rowH) + 4;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\">");
        if (rows.Count == 0)
            return svg.Append(NoData).Append("</svg>").ToString(); // an empty box, in a report of a lake without events
        decimal max = Math.Max(rows.Max(r => r.Value), 0.0001m);
        double plotW = width - labelW - valueW;
        for (int i = 0; i < rows.Count; i++)
        {
            double y = (i * rowH) + 4;
            double w = Math.Max((double)(rows[i].Value / max) * plotW, 1);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelW - 8}\" y=\"{y + 16}\" text-anchor=\"end\" font-size=\"13\" fill=\"#222\"><title>{Encode(rows[i].Label)}</title>{Encode(Shortened(rows[i].Label))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelW}\" y=\"{y + 3}\" width=\"{w:0.##}\" height=\"{rowH - 10}\" rx=\"3\" fill=\"{Accent}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelW + w + 6:0.##}\" y=\"{y + 16}\" font-size=\"12\" fill=\"#333\">{Encode(rows[i].Note)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(ReportText.WithoutControls(text));
}
