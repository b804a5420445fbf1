using ShopStream.Analytics.Jobs;
using ShopStream.Core.Output;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;
using ShopStream.Lake.Tables;

namespace ShopStream.Analytics.Reporting;

/// <summary>Writes the business report of a lake (after <c>jobs run</c>) as <c>report.md</c> and <c>report.html</c> into a folder.</summary>
public static class BusinessReport
{
    public const string MarkdownFile = "report.md";
    public const string HtmlFile = "report.html";

    /// <returns>The numbers and recommendations written.</returns>
    /// <exception cref="InvalidOperationException">The gold tables have not been built.</exception>
    public static async Task<(ReportData Data, IReadOnlyList<Recommendation> Recommendations)> WriteAsync(ILakeStorage storage, string folder, CancellationToken cancellationToken = default)
    {
        string cache = ProcessTempFolder.Create("report");
        try
        {
            using var db = DuckDbDatabase.Open();
            using var connection = db.Connect();
            connection.Execute("SET TimeZone = 'UTC'");
            var shown = await LakeViews.CreateAsync(connection, storage, new LakeReadOptions(), cache, cancellationToken).ConfigureAwait(false);
            var gold = await GoldViews.CreateAsync(connection, storage, cache, cancellationToken).ConfigureAwait(false);
            // It said "the lake's last run accepted none" for a lake whose only run was killed before its last commit.
            var data = ReportReader.Read(connection, gold) with { NoRunFinished = shown.All(s => s.Snapshot is null) }; // the cut: no version at all
            long silver = shown.Single(s => s.Table == LakeTables.SilverEvents).Snapshot?.Version ?? -1;
            if (!data.IsEmpty && ReportReader.GoldSilverVersions(connection, gold).Where(m => m.Silver != silver).ToList() is { Count: > 0 } stale)
                data = data with { StaleGold = new StaleGold(stale, silver) };
            var recommendations = Recommendations.From(data);
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, MarkdownFile), MarkdownReport.Render(data, recommendations), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(folder, HtmlFile), HtmlReport.Render(data, recommendations), cancellationToken).ConfigureAwait(false);
            return (data, recommendations);
        }
        finally
        {
            ProcessTempFolder.Delete(cache);
        }
    }
}
