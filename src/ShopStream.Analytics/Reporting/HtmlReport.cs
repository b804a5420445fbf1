using System.Globalization;
using System.Net;
using System.Text;
using static ShopStream.Analytics.Reporting.Recommendations;

namespace ShopStream.Analytics.Reporting;

/// <summary>The business report as one self-contained HTML page: KPI cards, recommendations, charts as inline SVG, a retention heatmap.</summary>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f5f6f8;color:#1f2933}
        main{max-width:1040px;margin:0 auto;padding:24px}
        h1{margin:0 0 4px;font-size:26px} h2{font-size:18px;margin:28px 0 10px}
        .sub{color:#667;margin-bottom:18px}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(125px,1fr));gap:10px}
        .card{background:#fff;border-radius:8px;padding:12px 12px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
        .card b{display:block;font-size:17px;margin-top:4px;white-space:nowrap} .card span{color:#667;font-size:12px;text-transform:uppercase;letter-spacing:.03em}
        section{background:#fff;border-radius:8px;padding:14px 18px;margin-top:14px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
        section h2{margin-top:0}
        ul.recs{margin:0;padding-left:20px} ul.recs li{margin:8px 0;line-height:1.45;overflow-wrap:anywhere}
        table{border-collapse:collapse;width:100%;font-size:13px} th,td{padding:5px 8px;border-bottom:1px solid #e5e7eb;text-align:right}
        th:first-child,td:first-child,.text{text-align:left} th{color:#556;font-weight:600}
        .text{overflow-wrap:anywhere;min-width:8em}
        td.heat{color:#111;min-width:44px}
        .two{display:grid;grid-template-columns:1fr 1fr;gap:14px} .two section{margin-top:0}
        @media (max-width:800px){.two{grid-template-columns:1fr}}
        """;

    public static string Render(ReportData d, IReadOnlyList<Recommendation> recommendations)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        html.Append("<title>ShopStream business report</title><style>").Append(Style).Append("</style></head><body><main>");
        html.Append("<h1>ShopStream business report</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"sub\">{d.Span}</div>");
        if (d.StaleNote is { } stale)
            html.Append("<div class=\"sub\">").Append(E(stale)).Append("</div>");
        html.Append("<div class=\"cards\">");
        foreach (var (name, value) in new[]
        {
            ("Revenue", Compact(d.Revenue)), ("Orders", N(d.Orders)), ("Average order", Money(d.AverageOrderValue)),
            ("Customers", N(d.Customers)), ("Visitors", N(d.Users)), ("Sessions", N(d.Sessions)), ("Conversion", Pct(d.ConversionRate)),
        })
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><span>{E(name)}</span><b>{E(value)}</b></div>");
        }

        html.Append("</div><section><h2>Recommendations</h2><ul class=\"recs\">");
        foreach (var r in recommendations)
            html.Append(CultureInfo.InvariantCulture, $"<li><b>{E(r.Title)}.</b> {E(r.Text)}</li>");
        if (recommendations.Count == 0)
            html.Append("<li>").Append(MarkdownReport.NoRecommendations).Append("</li>");
        html.Append("</ul></section>");

        html.Append("<section><h2>Revenue per day</h2>");
        html.Append(SvgCharts.Columns(d.Daily.Select(p => (p.Day, p.Revenue)).ToList()));
        html.Append("</section>");

        html.Append("<div class=\"two\"><section><h2>Funnel (sessions)</h2>");
        if (MarkdownReport.FunnelNote(d) is { } note)
            html.Append("<p>").Append(note).Append("</p>");
        else
            html.Append(SvgCharts.Bars(MarkdownReport.FunnelSteps(d).Select(s => (s.Step, (decimal)s.Sessions, $"{N(s.Sessions)} ({Pct(d.Sessions == 0 ? 0 : (decimal)s.Sessions / d.Sessions)})")).ToList(), 460));
        html.Append("</section><section><h2>Profile segments (users)</h2>");
        html.Append(SvgCharts.Bars(d.Segments.Select(s => (s.Name, (decimal)s.Members, $"{N(s.Members)} · {Money(s.Revenue)}")).ToList(), 460));
        html.Append("</section></div>");

        html.Append("<section><h2>RFM segments (customers and what they spent)</h2>");
        html.Append(SvgCharts.Bars(d.RfmSegments.Select(s => (s.Name, s.Revenue, $"{Customers(s.Members)} · {Money(s.Revenue)}")).ToList()));
        html.Append("</section>");

        if (d.Campaigns.Count > 0)
        {
            html.Append("<section><h2>Campaigns: revenue per unit spent</h2>");
            html.Append(SvgCharts.Bars(d.Campaigns.Select(c => (c.CampaignId, c.Roas ?? 0, $"{(c.Roas is { } r ? Money(r) : "no spend")} · {N(c.Orders)} orders · spend {(c.Spend is { } spend ? Money(spend) : "unknown")}")).ToList()));
            html.Append("</section>");
        }

        html.Append("<section><h2>Cohorts: share active again, by month since the first</h2>").Append(CohortTable(d)).Append("</section>");

        html.Append("<section><h2>Top products by revenue</h2><table><tr><th>product</th><th class=\"text\">category</th><th class=\"text\">brand</th><th>units</th><th>revenue</th></tr>");
        foreach (var p in d.TopProducts)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{p.ProductId}</td><td class=\"text\">{E(p.Category ?? "-")}</td><td class=\"text\">{E(p.Brand ?? "-")}</td><td>{N(p.Units)}</td><td>{Money(p.Revenue)}</td></tr>");
        html.Append("</table></section></main></body></html>\n");
        return html.ToString();
    }

    private static string CohortTable(ReportData d)
    {
        if (d.Cohorts.Count == 0)
            return "<p>No cohorts.</p>";
        int months = Math.Min(ReportData.CohortMonthsShown, d.Cohorts.Max(c => c.MonthsSince) + 1);
        var t = new StringBuilder("<table><tr><th>cohort</th><th>size</th>");
        for (int m = 0; m < months; m++)
            t.Append(CultureInfo.InvariantCulture, $"<th>+{m}</th>");
        t.Append("</tr>");
        foreach (var g in d.Cohorts.GroupBy(c => c.CohortMonth))
        {
            t.Append(CultureInfo.InvariantCulture, $"<tr><td>{g.Key:yyyy-MM}</td><td>{N(g.First().CohortSize)}</td>");
            for (int m = 0; m < months; m++)
            {
                if (g.FirstOrDefault(c => c.MonthsSince == m) is { } cell)
                {
                    // Blue, stronger with the share (month 0 is always 100%).
                    double alpha = 0.08 + (0.8 * (double)cell.RetentionRate);
                    t.Append(CultureInfo.InvariantCulture, $"<td class=\"heat\" style=\"background:rgba(37,99,235,{alpha:0.00})\">{Pct(cell.RetentionRate)}</td>");
                }
                else
                {
                    t.Append("<td></td>");
                }
            }

            t.Append("</tr>");
        }

        t.Append("</table>");
        if (d.CohortsCut is { } cut)
            t.Append("<p>").Append(E(cut)).Append("</p>");
        return t.ToString();
    }

    // A card is narrow: millions as "12.92 M" (the exact figure is in the Markdown report and the tables).
    private static string Compact(decimal value) =>
        Math.Abs(value) >= 1_000_000m ? (value / 1_000_000m).ToString("0.00", CultureInfo.InvariantCulture) + " M" : Money(value);

    private static string E(string text) => WebUtility.HtmlEncode(ReportText.WithoutControls(text));
}
