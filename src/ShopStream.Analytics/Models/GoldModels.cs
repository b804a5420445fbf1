using System.Reflection;
using System.Text.RegularExpressions;
using ShopStream.Lake.Tables;

namespace ShopStream.Analytics.Models;

/// <summary>
/// The fixed catalogue of gold models, loaded from the SQL files embedded in this assembly (<c>Models/Sql/NAME.vN.sql</c>;
/// the highest N is the model's version). Names never come from users: a selection is checked against this set.
/// </summary>
public static partial class GoldModels
{
    /// <summary>The models, in catalogue order (the run order is derived from what they read).</summary>
    public static readonly IReadOnlyList<string> Names = ["rfm", "daily_kpis", "cohorts", "customers_scd2", "ml_features", "customer_products", "campaign_roi"];

    /// <summary>The run's own values a model may read: <c>run_context(run_id, run_time)</c>.</summary>
    public const string RunContextView = "run_context";

    private static readonly Lazy<IReadOnlyList<GoldModel>> s_all = new(Load);

    public static IReadOnlyList<GoldModel> All => s_all.Value;

    /// <summary>Every view a model or check may read: the lake's tables, the models' tables and the run context.</summary>
    public static IReadOnlySet<string> KnownViews { get; } =
        new HashSet<string>(
            LakeTables.All.Select(t => t.ViewName).Concat(Names.Select(n => "gold_" + n))
                .Concat([RunContextView, Jobs.CampaignSources.CampaignsView]),
            StringComparer.Ordinal);

    public static GoldModel? Find(string name) => All.FirstOrDefault(m => m.Name == name || m.ViewName == name || m.TablePath == name);

    private static List<GoldModel> Load()
    {
        var assembly = typeof(GoldModels).Assembly;
        var resources = assembly.GetManifestResourceNames();
        var models = new List<GoldModel>();
        foreach (var name in Names)
        {
            var versions = resources
                .Select(r => ResourcePattern().Match(r))
                .Where(m => m.Success && m.Groups[1].Value == name)
                .Select(m => (Version: int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), Resource: m.Value))
                .OrderByDescending(v => v.Version)
                .ToList();
            if (versions.Count == 0)
                throw new InvalidOperationException($"model {name} has no SQL file (Models/Sql/{name}.vN.sql)");
            string sql = Read(assembly, versions[0].Resource);
            string? empty = resources.Contains($"models/{name}.empty.sql") ? Read(assembly, $"models/{name}.empty.sql") : null;
            models.Add(new GoldModel(name, versions[0].Version, sql, SqlViewNames.In(sql, KnownViews), empty));
        }

        return models;
    }

    internal static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"resource {resource} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^models/([a-z_][a-z0-9_]*)\.v(\d{1,4})\.sql$")]
    private static partial Regex ResourcePattern();
}
