using System.Text.Json;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Log;

/// <summary>
/// The HTTP collector's dead letters: the events it rejects, one JSON object per line as every dead-letter file
/// (<c>source</c> <c>collector</c>, <c>line</c> the event's place in its request, <c>reason</c>, <c>raw</c>), in
/// <c>rejected/collector.jsonl</c> beside the event log it appends to, as the ingest's are in
/// <c>rejected/ingest.jsonl</c>. <c>process</c> counts them into the log's records read and rejected, so that
/// read = accepted + rejected holds for what came through the collector too.
/// </summary>
public static class CollectorRejects
{
    /// <summary>The source name in the collector's dead letters.</summary>
    public const string Source = "collector";

    /// <summary>The dead-letter file of a collector appending to the event log in <paramref name="logDirectory"/>.</summary>
    public static string PathBeside(string logDirectory)
    {
        string parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(logDirectory)))!;
        return Path.Combine(parent, "rejected", "collector.jsonl");
    }

    /// <summary>
    /// The records in <paramref name="path"/> by reason (an array indexed by <see cref="RejectReason"/>); zeros when
    /// there is no file. A line that is not a dead letter (cut short by a crash mid-write) counts as <c>json</c>:
    /// it was a record, and it was rejected.
    /// </summary>
    public static long[] CountByReason(string path)
    {
        var counts = new long[RejectReasons.ArrayLength];
        if (!File.Exists(path))
            return counts;
        var names = new Dictionary<string, RejectReason>(StringComparer.Ordinal);
        foreach (var reason in RejectReasons.All)
            names[RejectReasons.Name(reason)] = reason;
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            counts[(int)(ReasonOf(line, names) ?? RejectReason.Json)]++;
        }

        return counts;
    }

    private static RejectReason? ReasonOf(string line, Dictionary<string, RejectReason> names)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String && names.TryGetValue(r.GetString()!, out var reason)
                ? reason
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
