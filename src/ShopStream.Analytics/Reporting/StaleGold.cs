using System.Globalization;

namespace ShopStream.Analytics.Reporting;

/// <summary>
/// The gold tables a report reads (RFM, cohorts, daily KPIs, campaigns) that were built from another version of
/// <c>silver_events</c> than the one its key figures read, each with that version. Only those are named: after a
/// jobs run without <c>--campaigns</c> the campaigns alone are older, and the note blamed all four.
/// </summary>
public sealed record StaleGold(IReadOnlyList<(string Model, long Silver)> Models, long Silver)
{
    private static readonly Dictionary<string, string> s_figures = new(StringComparer.Ordinal)
    {
        ["rfm"] = "RFM", ["cohorts"] = "cohort", ["daily_kpis"] = "daily", ["campaign_roi"] = "campaign",
    };

    /// <summary>"gold_rfm and gold_cohorts were built from silver_events version 0, gold_campaign_roi from version 2, and silver is now at version 3".</summary>
    public string Facts
    {
        get
        {
            var byVersion = Models.GroupBy(m => m.Silver).OrderBy(g => g.Key)
                .Select(g => (Tables: Join(g.Select(m => "gold_" + m.Model).ToList()), Count: g.Count(), Version: g.Key)).ToList();
            string first = $"{byVersion[0].Tables} {(byVersion[0].Count == 1 ? "was" : "were")} built from silver_events version {byVersion[0].Version}";
            string rest = string.Concat(byVersion.Skip(1).Select(v => $", {v.Tables} from version {v.Version}"));
            return string.Create(CultureInfo.InvariantCulture, $"{first}{rest}, and silver is now at version {Silver}");
        }
    }

    /// <summary>The report's figures those tables hold: "campaign", "RFM and daily".</summary>
    public string Figures => Join(Models.Select(m => s_figures.GetValueOrDefault(m.Model, m.Model)).ToList());

    /// <summary>The command that brings them up to date.</summary>
    public string Remedy => Models.Any(m => m.Model == "campaign_roi")
        ? "shopstream jobs run --campaigns FILE"
        : "shopstream jobs run";

    private static string Join(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
}
