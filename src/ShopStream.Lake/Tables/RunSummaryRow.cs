using System.Text.Json;
using ShopStream.Core.Processing;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Tables;

/// <summary>
/// The one row of <c>gold/run_summary</c>: written from a <see cref="RunSummary"/> (event type names come from the
/// data, so they are only ever values, never SQL), and read back into one. The counts are JSON objects in text, which keeps their order.
/// </summary>
internal static class RunSummaryRow
{
    public const string SelectSql = """
        SELECT events_read, events_accepted, events_rejected, duplicates_dropped, rejected_by_reason, events_by_type, users, sessions,
            sessions_with_purchase, purchasing_users, revenue, segments, late_events, late_events_dropped, sessions_with_cart, abandoned_sessions
        FROM gold_run_summary
        """;

    /// <summary>Writes <paramref name="s"/> as the one row of a file with <c>gold/run_summary</c>'s columns (revenue and the rate rounded half away from zero to 4 places).</summary>
    public static void Write(ParquetFileWriter file, RunSummary s)
    {
        int c = 0;
        file.Int64(c++).Add(s.EventsRead);
        file.Int64(c++).Add(s.EventsAccepted);
        file.Int64(c++).Add(s.EventsRejected);
        file.Int64(c++).Add(s.DuplicatesDropped);
        file.String(c++).Add(CountsJson(s.RejectedByReason));
        file.String(c++).Add(CountsJson(s.EventsByType));
        file.Int64(c++).Add(s.Users);
        file.Int64(c++).Add(s.Sessions);
        file.Int64(c++).Add(s.SessionsWithPurchase);
        file.Int64(c++).Add(s.PurchasingUsers);
        file.Int64(c++).AddDecimal(s.Revenue);
        file.String(c++).Add(CountsJson(s.Segments));
        file.Int64(c++).Add(s.LateEvents);
        file.Int64(c++).Add(s.LateEventsDropped);
        file.Int64(c++).Add(s.SessionsWithCart);
        file.Int64(c++).Add(s.AbandonedSessions);
        file.Int64(c).AddDecimal(s.CartAbandonmentRate);
        file.EndRow();
    }

    /// <summary>The summary from row <paramref name="row"/> of a <see cref="SelectSql"/> result.</summary>
    public static RunSummary Read(DuckDbChunk chunk, int row) => new()
    {
        EventsRead = chunk.Column(0).Int64(row),
        EventsAccepted = chunk.Column(1).Int64(row),
        EventsRejected = chunk.Column(2).Int64(row),
        DuplicatesDropped = chunk.Column(3).Int64(row),
        RejectedByReason = ParseCounts(chunk.Column(4).String(row)),
        EventsByType = ParseCounts(chunk.Column(5).String(row)),
        Users = chunk.Column(6).Int64(row),
        Sessions = chunk.Column(7).Int64(row),
        SessionsWithPurchase = chunk.Column(8).Int64(row),
        PurchasingUsers = chunk.Column(9).Int64(row),
        Revenue = chunk.Column(10).Decimal(row),
        Segments = ParseCounts(chunk.Column(11).String(row)),
        LateEvents = chunk.Column(12).Int64(row),
        LateEventsDropped = chunk.Column(13).Int64(row),
        SessionsWithCart = chunk.Column(14).Int64(row),
        AbandonedSessions = chunk.Column(15).Int64(row),
    };

    private static string CountsJson(IReadOnlyList<KeyValuePair<string, long>> counts)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (key, value) in counts)
                w.WriteNumber(key, value);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static KeyValuePair<string, long>[] ParseCounts(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, long>(p.Name, p.Value.GetInt64()))];
    }
}
