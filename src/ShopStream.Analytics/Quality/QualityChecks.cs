using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ShopStream.Analytics.Models;

namespace ShopStream.Analytics.Quality;

/// <summary>
/// Reads data-quality checks declared as data (<c>Models/checks.json</c>, embedded next to the models), and validates
/// them: known kinds, a known table, plain identifiers for columns, the fields each kind needs.
/// </summary>
public static partial class QualityChecks
{
    private static readonly Lazy<IReadOnlyList<QualityCheck>> s_declared = new(() =>
        Parse(GoldModels.Read(typeof(QualityChecks).Assembly, "models/checks.json")));

    /// <summary>The checks shipped with the models.</summary>
    public static IReadOnlyList<QualityCheck> Declared => s_declared.Value;

    /// <exception cref="FormatException">The document or a check in it is malformed.</exception>
    public static IReadOnlyList<QualityCheck> Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var checks = new List<QualityCheck>();
        foreach (var c in doc.RootElement.GetProperty("checks").EnumerateArray())
        {
            string name = Text(c, "name") ?? throw new FormatException("a check has no name");
            var check = new QualityCheck
            {
                Name = name,
                Table = Text(c, "table") ?? throw new FormatException($"check {name}: no table"),
                Kind = Kind(Text(c, "kind"), name),
                Blocking = !c.TryGetProperty("blocking", out var b) || b.GetBoolean(),
                Column = Text(c, "column"),
                Columns = c.TryGetProperty("columns", out var cols) ? cols.EnumerateArray().Select(v => v.GetString()!).ToList() : [],
                Values = c.TryGetProperty("values", out var vals) ? vals.EnumerateArray().Select(v => v.GetString()!).ToList() : [],
                Min = Number(c, "min"),
                Max = Number(c, "max"),
                MaxAgeHours = Number(c, "max_age_hours"),
                Left = Text(c, "left"),
                Right = Text(c, "right"),
                Tolerance = c.TryGetProperty("tolerance", out var t) ? t.GetDecimal() : 0m,
                TolerancePerRow = c.TryGetProperty("tolerance_per_row", out var r) ? r.GetDecimal() : 0m,
            };
            Validate(check);
            checks.Add(check);
        }

        var repeated = checks.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new FormatException($"check {repeated.Key} is declared twice");
        return checks;
    }

    private static void Validate(QualityCheck c)
    {
        if (!Identifier().IsMatch(c.Name))
            throw new FormatException($"check name '{c.Name}' is not a plain identifier");
        if (!GoldModels.KnownViews.Contains(c.Table))
            throw new FormatException($"check {c.Name}: no table '{c.Table}'");
        foreach (var column in c.Columns.Append(c.Column).OfType<string>())
        {
            if (!Identifier().IsMatch(column))
                throw new FormatException($"check {c.Name}: column '{column}' is not a plain identifier");
        }

        bool ok = c.Kind switch
        {
            QualityCheckKind.NotNull => c.Column is not null,
            QualityCheckKind.Unique => c.Columns.Count > 0,
            QualityCheckKind.AcceptedValues => c.Column is not null && c.Values.Count > 0,
            QualityCheckKind.Range => c.Column is not null && (c.Min is not null || c.Max is not null),
            QualityCheckKind.Freshness => c.Column is not null && c.MaxAgeHours is > 0,
            QualityCheckKind.RowCount => c.Min is not null,
            QualityCheckKind.Reconcile => c.Left is not null && c.Right is not null && c.Tolerance >= 0 && c.TolerancePerRow >= 0,
            _ => false,
        };
        if (!ok)
            throw new FormatException($"check {c.Name}: a {c.Kind} check lacks its fields (see README, Data quality)");
    }

    private static QualityCheckKind Kind(string? text, string name) => text switch
    {
        "not_null" => QualityCheckKind.NotNull,
        "unique" => QualityCheckKind.Unique,
        "accepted_values" => QualityCheckKind.AcceptedValues,
        "range" => QualityCheckKind.Range,
        "freshness" => QualityCheckKind.Freshness,
        "row_count" => QualityCheckKind.RowCount,
        "reconcile" => QualityCheckKind.Reconcile,
        _ => throw new FormatException($"check {name}: unknown kind '{text}'"),
    };

    /// <summary>The snake_case name of a kind, as in the checks file and <c>gold/dq_results</c>.</summary>
    public static string KindName(QualityCheckKind kind) => kind switch
    {
        QualityCheckKind.NotNull => "not_null",
        QualityCheckKind.Unique => "unique",
        QualityCheckKind.AcceptedValues => "accepted_values",
        QualityCheckKind.Range => "range",
        QualityCheckKind.Freshness => "freshness",
        QualityCheckKind.RowCount => "row_count",
        _ => "reconcile",
    };

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    internal static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex Identifier();
}
