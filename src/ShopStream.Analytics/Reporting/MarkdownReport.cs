using System.Globalization;
using System.Text;
using static ShopStream.Analytics.Reporting.Recommendations;

namespace ShopStream.Analytics.Reporting;

/// <summary>The business report as Markdown: KPIs, recommendations, funnel, segments, cohorts, top products.</summary>
public static class MarkdownReport
{
    public static string Render(ReportData d, IReadOnlyList<Recommendation> recommendations)
    {
        var md = new StringBuilder();
        md.AppendLine("# ShopStream business report").AppendLine();
        md.AppendLine(d.Span).AppendLine();
        if (d.StaleNote is { } stale)
            md.AppendLine(stale).AppendLine();
        md.AppendLine("## Key figures").AppendLine();
        md.AppendLine("| revenue | orders | average order | customers | visitors | sessions | conversion |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        md.AppendLine($"| {Money(d.Revenue)} | {N(d.Orders)} | {Money(d.AverageOrderValue)} | {N(d.Customers)} | {N(d.Users)} | {N(d.Sessions)} | {Pct(d.ConversionRate)} |").AppendLine();

        md.AppendLine("## Recommendations").AppendLine();
        foreach (var r in recommendations)
            md.AppendLine($"- **{r.Title}.** {Text(r.Text)}"); // the text names campaigns from the user's file
        if (recommendations.Count == 0)
            md.AppendLine(NoRecommendations);
        md.AppendLine();

        md.AppendLine("## Funnel (sessions)").AppendLine();
        md.AppendLine("| step | sessions | of all sessions |").AppendLine("|---|---:|---:|");
        foreach (var (step, n) in FunnelSteps(d))
            md.AppendLine($"| {step} | {N(n)} | {Pct(d.Sessions == 0 ? 0 : (decimal)n / d.Sessions)} |");
        if (FunnelNote(d) is { } note)
            md.AppendLine().AppendLine(note); // as the page says: the zeros are no views in the data, not visitors lost
        md.AppendLine();

        md.AppendLine("## Segments").AppendLine();
        md.AppendLine("| profile segment | users | revenue |").AppendLine("|---|---:|---:|");
        foreach (var s in d.Segments)
            md.AppendLine($"| {s.Name} | {N(s.Members)} | {Money(s.Revenue)} |");
        md.AppendLine().AppendLine("| RFM segment | customers | monetary |").AppendLine("|---|---:|---:|");
        foreach (var s in d.RfmSegments)
            md.AppendLine($"| {s.Name} | {N(s.Members)} | {Money(s.Revenue)} |");
        md.AppendLine();

        md.AppendLine("## Cohorts (share of each monthly cohort active again, by month since the first)").AppendLine();
        var cohorts = d.Cohorts.GroupBy(c => c.CohortMonth).ToList();
        int months = d.Cohorts.Count == 0 ? 0 : Math.Min(ReportData.CohortMonthsShown, d.Cohorts.Max(c => c.MonthsSince) + 1);
        md.Append("| cohort | size |");
        for (int m = 0; m < months; m++)
            md.Append(CultureInfo.InvariantCulture, $" +{m} |");
        md.AppendLine().Append("|---|---:|").AppendLine(string.Concat(Enumerable.Repeat("---:|", months)));
        foreach (var g in cohorts)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {g.Key:yyyy-MM} | {N(g.First().CohortSize)} |");
            for (int m = 0; m < months; m++)
                md.Append(g.FirstOrDefault(c => c.MonthsSince == m) is { } cell ? $" {Pct(cell.RetentionRate)} |" : " |");
            md.AppendLine();
        }

        if (d.CohortsCut is { } cut)
            md.AppendLine().AppendLine(cut);
        md.AppendLine().AppendLine("## Top products by revenue").AppendLine();
        md.AppendLine("| product | category | brand | units | revenue |").AppendLine("|---:|---|---|---:|---:|");
        foreach (var p in d.TopProducts)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {p.ProductId} | {Cell(p.Category)} | {Cell(p.Brand)} | {N(p.Units)} | {Money(p.Revenue)} |");
        if (d.Campaigns.Count > 0)
        {
            md.AppendLine().AppendLine("## Campaigns").AppendLine();
            md.AppendLine("| campaign | channel | spend | orders | revenue | revenue per unit spent |").AppendLine("|---|---|---:|---:|---:|---:|");
            foreach (var c in d.Campaigns)
                md.AppendLine($"| {Cell(c.CampaignId)} | {Cell(c.Channel)} | {(c.Spend is { } spend ? Money(spend) : "-")} | {N(c.Orders)} | {Money(c.Revenue)} | {(c.Roas is { } r ? Money(r) : "-")} |");
        }

        // A table a reader can take in: per day for two months at most, per month beyond (a year was 365 rows).
        if (d.Daily.Count <= MaxDailyRows)
        {
            md.AppendLine().AppendLine("## Revenue per day").AppendLine();
            md.AppendLine("| day | revenue | orders |").AppendLine("|---|---:|---:|");
            foreach (var p in d.Daily)
                md.AppendLine(CultureInfo.InvariantCulture, $"| {p.Day:yyyy-MM-dd} | {Money(p.Revenue)} | {N(p.Orders)} |");
        }
        else
        {
            md.AppendLine().AppendLine("## Revenue per month").AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"{N(d.Daily.Count)} days with events, so per month here; per day in `gold_daily_kpis` and the HTML report's chart.").AppendLine();
            md.AppendLine("| month | revenue | orders |").AppendLine("|---|---:|---:|");
            foreach (var month in d.Daily.GroupBy(p => new DateTime(p.Day.Year, p.Day.Month, 1)))
                md.AppendLine(CultureInfo.InvariantCulture, $"| {month.Key:yyyy-MM} | {Money(month.Sum(p => p.Revenue))} | {N(month.Sum(p => p.Orders))} |");
        }

        return md.ToString();
    }

    /// <summary>The most days listed one per row; past that the table is per month.</summary>
    internal const int MaxDailyRows = 62;

    /// <summary>Said instead of the funnel when there are no sessions, or the data has no views (orders only); null otherwise.</summary>
    internal static string? FunnelNote(ReportData d) => d.Sessions == 0 ? NoSessions : d.ViewSessions == 0 ? NoFunnel : null;

    internal const string NoSessions = "No sessions: the funnel cannot be measured.";

    internal const string NoFunnel = "No views or carts in the data (orders only): the funnel cannot be measured.";

    /// <summary>Said under Recommendations when the data gives none.</summary>
    internal const string NoRecommendations = "None: the data shows nothing to act on.";

    internal static IEnumerable<(string Step, long Sessions)> FunnelSteps(ReportData d) =>
        [("all sessions", d.Sessions), ("viewed a product", d.ViewSessions), ("added to cart", d.CartSessions), ("bought", d.PurchaseSessions)];

    // Text from the data (a brand, a category, a campaign) taken as text: Markdown's punctuation that makes markup
    // backslash-escaped, so "<script>" or "[x](javascript:...)" neither becomes HTML or a link where report.md is shown
    // nor, with its pipes, ends a table cell.
    // Emphasis (* _ ~) and entities (&amp;) too; control characters (a terminal's escape sequences in a brand) become
    // U+FFFD, as in the HTML page.
    private static string Text(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (char c in ReportText.WithoutControls(text))
        {
            if (c is '\\' or '|' or '<' or '>' or '[' or ']' or '`' or '*' or '_' or '~' or '&')
                escaped.Append('\\');
            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static string Cell(string? text) => string.IsNullOrEmpty(text) ? "-" : Text(text);
}
