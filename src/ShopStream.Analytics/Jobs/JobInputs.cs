using System.Text.Json;

namespace ShopStream.Analytics.Jobs;

/// <summary>
/// The versions of the tables a model read, recorded in its commit's <c>userMetadata</c>
/// (<c>{"shopstreamJobInputs":{"silver_events":3,...}}</c>), so a later commit can tell whether it was built from
/// older ones than the version it would replace.
/// </summary>
internal static class JobInputs
{
    private const string Property = "shopstreamJobInputs";

    public static string Describe(IReadOnlyDictionary<string, long> inputs) =>
        JsonSerializer.Serialize(new Dictionary<string, IReadOnlyDictionary<string, long>> { [Property] = inputs });

    /// <summary>The inputs a commit recorded; null for a commit without them (an older build's, or not a model's).</summary>
    public static Dictionary<string, long>? Parse(string? userMetadata)
    {
        if (userMetadata is null)
            return null;
        try
        {
            using var doc = JsonDocument.Parse(userMetadata);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(Property, out var inputs) && inputs.ValueKind == JsonValueKind.Object
                ? inputs.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal)
                : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }
    }
}
