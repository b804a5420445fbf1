using System.Globalization;
using System.Net;
using System.Text;

namespace ShopStream.Analytics.Reporting;

/// <summary>Small charts as inline SVG (no script, no external file): vertical bars over time, labelled horizontal bars.</summary>
public static class SvgCharts
{
    private const string Accent = "#2563eb";

    /// <summary>Vertical bars, one per point, up from the zero line (down for a negative value), with the maximum, the minimum when negative, and the first and last labels on the axis.</summary>
    public static string Columns(IReadOnlyList<(string Label, decimal Value)> points, int width = 760, int height = 220)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\">");
        if (points.Count == 0)
            return svg.Append("<text x=\"10\" y=\"20\">no data</text></svg>").ToString();
        // Returns (negative quantities on purchase lines; a cancelled invoice is a refund, no purchase) can make a day's
        // revenue negative: its column goes down from the zero line (a negative height is not valid SVG, and browsers
        // drew nothing).
        decimal min = Math.Min(points.Min(p => p.Value), 0);
        decimal max = Math.Max(points.Max(p => p.Value), min < 0 ? 0 : 0.01m);
        decimal span = max - min;
        const int left = 70, bottom = 30, top = 14;
        double plotW = width - left - 10, plotH = height - bottom - top;
        double zero = top + ((double)(max / span) * plotH);
        double bar = Math.Min(plotW / points.Count, 48); // a few days must not make slabs
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{zero:0.##}\" x2=\"{width - 10}\" y2=\"{zero:0.##}\" stroke=\"#999\"/>");
        if (max > 0)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{top + 4}\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">{Recommendations.Money(max)}</text>");
        // The zero line's "0", unless the maximum's or minimum's label is about there (one label over the other).
        bool nearMax = max > 0 && zero - (top + 4) < 12, nearMin = min < 0 && (top + plotH) - zero < 12;
        if (!nearMax && !nearMin)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{zero:0.##}\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">0</text>");
        if (min < 0)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{top + plotH:0.##}\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">{Recommendations.Money(min)}</text>");
        for (int i = 0; i < points.Count; i++)
        {
            double h = (double)(Math.Abs(points[i].Value) / span) * plotH;
            double y = points[i].Value >= 0 ? zero - h : zero;
            double x = left + (i * bar);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + (bar * 0.1):0.##}\" y=\"{y:0.##}\" width=\"{Math.Max(bar * 0.8, 0.5):0.##}\" height=\"{h:0.##}\" fill=\"{Accent}\"><title>{Encode(points[i].Label)}: {Recommendations.Money(points[i].Value)}</title></rect>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{height - 8}\" font-size=\"11\" fill=\"#555\">{Encode(points[0].Label)}</text>");
        if (points.Count > 1)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - 10}\" y=\"{height - 8}\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">{Encode(points[^1].Label)}</text>");
        return svg.Append("</svg>").ToString();
    }

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
        decimal max = rows.Count == 0 ? 1 : Math.Max(rows.Max(r => r.Value), 0.0001m);
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
