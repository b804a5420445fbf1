using System.Text.Json;

namespace ShopStream.Analytics.Jobs;

/// <summary>
/// The versions of the tables a model read, and those tables' identities (Delta's <c>metaData.id</c>), recorded in its
/// commit's <c>userMetadata</c> (<c>{"shopstreamJobInputs":{"silver_events":3,...},"shopstreamJobInputTables":
/// {"silver_events":"5f0c...",...}}</c>), so a later commit can tell whether it was built from older versions of the
/// same tables than the version it would replace.
/// </summary>
internal static class JobInputs
{
    private const string Versions = "shopstreamJobInputs";
    private const string Tables = "shopstreamJobInputTables";

    public static string Describe(IReadOnlyDictionary<string, long> inputs, IReadOnlyDictionary<string, string> tableIds) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { [Versions] = inputs, [Tables] = tableIds });

    /// <summary>The inputs' versions a commit recorded; null for a commit without them (an older build's, or not a model's).</summary>
    public static Dictionary<string, long>? Parse(string? userMetadata) =>
        Read(userMetadata, Versions, JsonValueKind.Number, v => v.GetInt64());

    /// <summary>The inputs' table identities a commit recorded; empty for a commit without them (this build's first commits had none).</summary>
    public static Dictionary<string, string> ParseTables(string? userMetadata) =>
        Read(userMetadata, Tables, JsonValueKind.String, v => v.GetString()!) ?? new(StringComparer.Ordinal);

    private static Dictionary<string, T>? Read<T>(string? userMetadata, string property, JsonValueKind kind, Func<JsonElement, T> value)
    {
        if (userMetadata is null)
            return null;
        try
        {
            using var doc = JsonDocument.Parse(userMetadata);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(property, out var inputs) && inputs.ValueKind == JsonValueKind.Object
                ? inputs.EnumerateObject().Where(p => p.Value.ValueKind == kind).ToDictionary(p => p.Name, p => value(p.Value), StringComparer.Ordinal)
                : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }
    }
}
