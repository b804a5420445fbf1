using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ShopStream.Lake.Delta;

/// <summary>
/// Reads and writes a commit file: one JSON action per line (<c>commitInfo</c>, <c>protocol</c>, <c>metaData</c>,
/// <c>remove</c>, <c>add</c>) as the Delta Lake protocol lays them out. Unknown actions (<c>txn</c>, <c>cdc</c>, ...) are
/// skipped when reading; paths are relative to the table, URI-encoded.
/// </summary>
public static partial class DeltaLogCodec
{
    /// <summary>The protocol the lake writes and reads: no table features.</summary>
    public const int ReaderVersion = 1;

    public const int WriterVersion = 2;

    public static byte[] Write(DeltaCommit commit)
    {
        using var buffer = new MemoryStream();
        void Line(Action<Utf8JsonWriter> write)
        {
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                write(json);
                json.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
        }

        Line(json =>
        {
            json.WriteStartObject("commitInfo");
            json.WriteNumber("timestamp", commit.Timestamp);
            json.WriteString("operation", commit.Operation);
            json.WriteStartObject("operationParameters");
            foreach (var (k, v) in commit.OperationParameters)
                json.WriteString(k, v);
            json.WriteEndObject();
            if (commit.UserMetadata is { } user)
                json.WriteString("userMetadata", user);
            json.WriteString("engineInfo", "ShopStream");
            // As Spark writes it: an overwrite is no blind append, even the first one, which has nothing to remove
            // (a Delta writer's conflict check trusts the flag).
            json.WriteBoolean("isBlindAppend", commit.Removes.Count == 0
                && !(commit.OperationParameters.TryGetValue("mode", out string? mode) && mode == nameof(DeltaWriteMode.Overwrite)));
            json.WriteEndObject();
        });
        if (commit.Protocol)
        {
            Line(json =>
            {
                json.WriteStartObject("protocol");
                json.WriteNumber("minReaderVersion", ReaderVersion);
                json.WriteNumber("minWriterVersion", WriterVersion);
                json.WriteEndObject();
            });
        }

        if (commit.Metadata is { } m)
        {
            Line(json =>
            {
                json.WriteStartObject("metaData");
                json.WriteString("id", m.Id);
                json.WriteStartObject("format");
                json.WriteString("provider", "parquet");
                json.WriteStartObject("options");
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteString("schemaString", m.Schema.ToJson());
                json.WriteStartArray("partitionColumns");
                foreach (var c in m.PartitionColumns)
                    json.WriteStringValue(c);
                json.WriteEndArray();
                json.WriteStartObject("configuration");
                json.WriteEndObject();
                json.WriteNumber("createdTime", m.CreatedTime);
                json.WriteEndObject();
            });
        }

        foreach (var r in commit.Removes)
        {
            Line(json =>
            {
                json.WriteStartObject("remove");
                json.WriteString("path", EncodePath(r.Path));
                json.WriteNumber("deletionTimestamp", r.DeletionTimestamp);
                json.WriteBoolean("dataChange", r.DataChange);
                if (r.Size is { } size)
                    json.WriteNumber("size", size);
                json.WriteEndObject();
            });
        }

        foreach (var a in commit.Adds)
        {
            Line(json =>
            {
                json.WriteStartObject("add");
                json.WriteString("path", EncodePath(a.Path));
                json.WriteStartObject("partitionValues");
                foreach (var (k, v) in a.PartitionValues)
                    json.WriteString(k, v);
                json.WriteEndObject();
                json.WriteNumber("size", a.Size);
                json.WriteNumber("modificationTime", a.ModificationTime);
                json.WriteBoolean("dataChange", a.DataChange);
                json.WriteString("stats", string.Create(CultureInfo.InvariantCulture, $"{{\"numRecords\":{a.NumRecords}}}"));
                json.WriteEndObject();
            });
        }

        return buffer.ToArray();
    }

    /// <summary>Parses commit file <paramref name="version"/>; throws <see cref="FormatException"/> on a line that is not a JSON object.</summary>
    public static DeltaCommit Read(long version, ReadOnlySpan<byte> content)
    {
        long timestamp = 0;
        string operation = "";
        string? userMetadata = null;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        bool protocol = false;
        DeltaMetadata? metadata = null;
        var adds = new List<DeltaAddFile>();
        var removes = new List<DeltaRemoveFile>();
        int lineNo = 0, actions = 0;
        while (!content.IsEmpty)
        {
            int nl = content.IndexOf((byte)'\n');
            var line = nl < 0 ? content : content[..nl];
            content = nl < 0 ? default : content[(nl + 1)..];
            lineNo++;
            if (line.Trim((byte)' ').IsEmpty)
                continue;
            actions++;
            try
            {
                using var doc = JsonDocument.Parse(line.ToArray());
                var root = doc.RootElement;
                if (root.TryGetProperty("commitInfo", out var ci))
                {
                    timestamp = ci.TryGetProperty("timestamp", out var t) ? t.GetInt64() : 0;
                    operation = ci.TryGetProperty("operation", out var o) ? o.GetString() ?? "" : "";
                    userMetadata = ci.TryGetProperty("userMetadata", out var um) && um.ValueKind == JsonValueKind.String ? um.GetString() : null;
                    if (ci.TryGetProperty("operationParameters", out var ps) && ps.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var p in ps.EnumerateObject())
                            parameters[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                    }
                }
                else if (root.TryGetProperty("protocol", out var pr))
                {
                    protocol = true;
                    int reader = pr.GetProperty("minReaderVersion").GetInt32();
                    if (reader > ReaderVersion)
                        throw new NotSupportedException($"table needs Delta reader version {reader}; the lake reads version {ReaderVersion}");
                }
                else if (root.TryGetProperty("metaData", out var md))
                {
                    metadata = new DeltaMetadata(
                        md.GetProperty("id").GetString()!,
                        DeltaSchema.Parse(md.GetProperty("schemaString").GetString()!),
                        md.GetProperty("partitionColumns").EnumerateArray().Select(c => c.GetString()!).ToArray(),
                        md.TryGetProperty("createdTime", out var ct) && ct.ValueKind == JsonValueKind.Number ? ct.GetInt64() : 0);
                }
                else if (root.TryGetProperty("add", out var add))
                {
                    var values = new Dictionary<string, string?>(StringComparer.Ordinal);
                    foreach (var p in add.GetProperty("partitionValues").EnumerateObject())
                        values[p.Name] = p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString();
                    adds.Add(new DeltaAddFile(
                        DecodePath(add.GetProperty("path").GetString()!),
                        values,
                        add.GetProperty("size").GetInt64(),
                        add.GetProperty("modificationTime").GetInt64(),
                        NumRecords(add),
                        add.GetProperty("dataChange").GetBoolean()));
                }
                else if (root.TryGetProperty("remove", out var rm))
                {
                    removes.Add(new DeltaRemoveFile(
                        DecodePath(rm.GetProperty("path").GetString()!),
                        rm.TryGetProperty("deletionTimestamp", out var dt) ? dt.GetInt64() : 0,
                        !rm.TryGetProperty("dataChange", out var dc) || dc.GetBoolean(),
                        rm.TryGetProperty("size", out var sz) ? sz.GetInt64() : null));
                }
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException or InvalidDataException)
            {
                // .NET's own words for a missing, null, mistyped or out-of-range field ("The given key was not present
                // in the dictionary") say nothing to whoever reads them.
                string why = ex is JsonException or InvalidDataException ? ex.Message.TrimEnd('.') : "an action lacks a field it needs, or has one of the wrong type";
                throw new FormatException($"Delta log version {version}, line {lineNo}: {why}: the entry is damaged", ex);
            }
        }

        // An empty entry (a commit cut short before its first line) is no commit: taken for one, the next writer
        // would build on it.
        if (actions == 0)
            throw new FormatException($"Delta log version {version} is empty: the entry is damaged");
        return new DeltaCommit(version, timestamp, operation, parameters, protocol, metadata, adds, removes, userMetadata);
    }

    private static long NumRecords(JsonElement add)
    {
        if (!add.TryGetProperty("stats", out var stats) || stats.ValueKind != JsonValueKind.String)
            return -1;
        using var doc = JsonDocument.Parse(stats.GetString()!);
        return doc.RootElement.TryGetProperty("numRecords", out var n) ? n.GetInt64() : -1;
    }

    // Paths are URIs: escape what is not safe in one, keep '/' and '=' (hive partition folders) readable.
    private static string EncodePath(string path) => string.Join('/', path.Split('/').Select(s => Uri.EscapeDataString(s).Replace("%3D", "=", StringComparison.Ordinal)));

    // A data file is a path inside its table's folder, as every writer of this lake makes it: one that leaves it
    // ('../other/part.parquet', '/tmp/x.parquet', 's3://...', Hadoop's 'file:/tmp/x', 'C:/x', a backslash) is damage,
    // said for that table alone (it stopped every query of the lake with "not a lake key").
    private static string DecodePath(string path)
    {
        string decoded = Uri.UnescapeDataString(path);
        if (decoded.Length == 0 || decoded[0] is '/' || decoded.Contains('\\', StringComparison.Ordinal) || SchemeOrDrive().IsMatch(decoded)
            || decoded.Split('/').Any(part => part is ".." or "." or ""))
        {
            throw new InvalidDataException($"the data file path '{(decoded.Length > 200 ? decoded[..200] + "..." : decoded)}' is not inside the table's folder");
        }

        return decoded;
    }

    // A URI scheme or a drive letter before the first '/' ("file:", "C:"): a partition folder's "name=value" has none.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex SchemeOrDrive();
}
