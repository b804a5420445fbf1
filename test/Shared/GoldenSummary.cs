using System.Globalization;
using System.Text.Json;

namespace ShopStream.Tests;

/// <summary>The golden summary of samples/rees46-2019-Oct-head-5000.csv (shared/data/README.md), key by key.</summary>
internal static class GoldenSummary
{
    /// <summary>Every SPEC summary key (nested ones as <c>parent.key</c>) with its golden value.</summary>
    public static readonly IReadOnlyList<(string Key, decimal Value)> Rees46Sample =
    [
        ("events_read", 5000), ("events_accepted", 5000), ("events_rejected", 0), ("duplicates_dropped", 3),
        ("events_by_type.view", 4893), ("events_by_type.cart", 50), ("events_by_type.remove_from_cart", 0), ("events_by_type.purchase", 54),
        ("users", 1747), ("sessions", 1753), ("sessions_with_purchase", 48), ("purchasing_users", 48),
        ("revenue", 14786.59m),
        ("segments.high_value", 1), ("segments.converting", 47), ("segments.interested", 24),
        ("segments.active_browser", 276), ("segments.casual", 1399),
    ];

    public static readonly string[] RejectReasons =
        ["field_count", "event_time", "event_type", "number", "id", "price", "too_large", "encoding"];

    /// <summary>Asserts a summary.json document holds exactly the golden values, and zero for every reject reason.</summary>
    public static void AssertMatches(JsonElement summary)
    {
        var mismatches = Rees46Sample
            .Select(g => (g.Key, Expected: g.Value, Actual: Lookup(summary, g.Key)))
            .Where(m => m.Actual != m.Expected)
            .Select(m => $"{m.Key}: expected {m.Expected.ToString(CultureInfo.InvariantCulture)}, got {m.Actual?.ToString(CultureInfo.InvariantCulture) ?? "(missing)"}")
            .ToList();
        mismatches.AddRange(RejectReasons
            .Where(r => Lookup(summary, "rejected_by_reason." + r) != 0)
            .Select(r => $"rejected_by_reason.{r}: expected 0, got {Lookup(summary, "rejected_by_reason." + r)?.ToString(CultureInfo.InvariantCulture) ?? "(missing)"}"));
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>A number at <c>key</c> or <c>parent.key</c>; null when absent.</summary>
    public static decimal? Lookup(JsonElement root, string path)
    {
        var e = root;
        foreach (var part in path.Split('.'))
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out e))
                return null;
        }

        return e.ValueKind == JsonValueKind.Number ? e.GetDecimal() : null;
    }
}
