using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ShopStream.Lake.Delta;

/// <summary>
/// A table schema in Delta's JSON schema format (<c>{"type":"struct","fields":[...]}</c>), limited to the primitive
/// types the lake writes, with their DuckDB equivalents. Times are Delta <c>timestamp</c> (an instant, written by
/// DuckDB as TIMESTAMPTZ, which Parquet marks adjusted to UTC), so readers need no <c>timestampNtz</c> feature.
/// </summary>
public sealed partial class DeltaSchema
{
    private static readonly Dictionary<string, string> s_duckDbTypes = new(StringComparer.Ordinal)
    {
        ["long"] = "BIGINT",
        ["integer"] = "INTEGER",
        ["string"] = "VARCHAR",
        ["timestamp"] = "TIMESTAMPTZ",
        ["date"] = "DATE",
        ["boolean"] = "BOOLEAN",
        ["double"] = "DOUBLE",
    };

    public DeltaSchema(IReadOnlyList<DeltaField> fields)
    {
        foreach (var f in fields)
        {
            if (!IdentifierPattern().IsMatch(f.Name))
                throw new ArgumentException($"column name '{f.Name}' is not a plain identifier", nameof(fields));
            _ = DuckDbType(f.Type);
        }

        if (fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != fields.Count)
            throw new ArgumentException("column names must be distinct", nameof(fields));
        Fields = fields;
    }

    public IReadOnlyList<DeltaField> Fields { get; }

    public DeltaField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>The DuckDB SQL type of a Delta primitive type.</summary>
    public static string DuckDbType(string deltaType)
    {
        if (s_duckDbTypes.TryGetValue(deltaType, out var t))
            return t;
        var m = DecimalPattern().Match(deltaType);
        if (m.Success)
            return $"DECIMAL({m.Groups[1].Value},{m.Groups[2].Value})";
        throw new NotSupportedException($"Delta type '{deltaType}' is not supported by the lake");
    }

    /// <summary>The schema string of a Delta <c>metaData</c> action.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "struct");
            json.WriteStartArray("fields");
            foreach (var f in Fields)
            {
                json.WriteStartObject();
                json.WriteString("name", f.Name);
                json.WriteString("type", f.Type);
                json.WriteBoolean("nullable", f.Nullable);
                json.WriteStartObject("metadata");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static DeltaSchema Parse(string schemaString)
    {
        using var doc = JsonDocument.Parse(schemaString);
        var fields = new List<DeltaField>();
        foreach (var f in doc.RootElement.GetProperty("fields").EnumerateArray())
        {
            fields.Add(new DeltaField(
                f.GetProperty("name").GetString()!,
                f.GetProperty("type").ValueKind == JsonValueKind.String ? f.GetProperty("type").GetString()! : throw new NotSupportedException("nested Delta types are not supported by the lake"),
                !f.TryGetProperty("nullable", out var n) || n.GetBoolean()));
        }

        return new DeltaSchema(fields);
    }

    /// <summary>
    /// Whether a table with this schema can take <paramref name="next"/> as its new schema: every existing column
    /// kept with its type, new ones nullable (old files then read them as NULL).
    /// </summary>
    public bool CanEvolveTo(DeltaSchema next) =>
        Fields.All(f => next.Field(f.Name) is { } n && n.Type == f.Type)
        && next.Fields.Where(n => Field(n.Name) is null).All(n => n.Nullable);

    public bool SameAs(DeltaSchema other) => ToJson() == other.ToJson();

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"^decimal\((\d{1,2}),(\d{1,2})\)$")]
    private static partial Regex DecimalPattern();
}
