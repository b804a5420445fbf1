using System.Globalization;
using System.Text.Json;
using ShopStream.Core.Processing;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Lake.Tables;

/// <summary>
/// The one row of <c>gold/run_summary</c>: staged from a <see cref="RunSummary"/> with bound values (event type names
/// come from the data), and read back into one. The counts are JSON objects in text, which keeps their order.
/// </summary>
internal static class RunSummaryRow
{
    /// <summary>The staging table the lake run writer copies into <c>gold/run_summary</c>.</summary>
    public const string Staging = "gold_run_summary_rows";

    public const string SelectSql = """
        SELECT events_read, events_accepted, events_rejected, duplicates_dropped, rejected_by_reason, events_by_type, users, sessions,
            sessions_with_purchase, purchasing_users, revenue, segments, late_events, late_events_dropped, sessions_with_cart, abandoned_sessions
        FROM gold_run_summary
        """;

    public static void Stage(DuckDbConnection connection, RunSummary s)
    {
        connection.Execute($"""
            CREATE OR REPLACE TABLE {Staging} (events_read BIGINT, events_accepted BIGINT, events_rejected BIGINT, duplicates_dropped BIGINT,
                rejected_by_reason VARCHAR, events_by_type VARCHAR, users BIGINT, sessions BIGINT, sessions_with_purchase BIGINT,
                purchasing_users BIGINT, revenue DECIMAL(18,4), segments VARCHAR, late_events BIGINT, late_events_dropped BIGINT,
                sessions_with_cart BIGINT, abandoned_sessions BIGINT, cart_abandonment_rate DECIMAL(18,4))
            """);
        using var insert = connection.Prepare($"INSERT INTO {Staging} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS DECIMAL(18,4)), ?, ?, ?, ?, ?, CAST(? AS DECIMAL(18,4)))");
        insert.Bind(1, s.EventsRead).Bind(2, s.EventsAccepted).Bind(3, s.EventsRejected).Bind(4, s.DuplicatesDropped)
            .Bind(5, CountsJson(s.RejectedByReason)).Bind(6, CountsJson(s.EventsByType))
            .Bind(7, s.Users).Bind(8, s.Sessions).Bind(9, s.SessionsWithPurchase).Bind(10, s.PurchasingUsers)
            .Bind(11, Math.Round(s.Revenue, 4, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture))
            .Bind(12, CountsJson(s.Segments))
            .Bind(13, s.LateEvents).Bind(14, s.LateEventsDropped).Bind(15, s.SessionsWithCart).Bind(16, s.AbandonedSessions)
            .Bind(17, Math.Round(s.CartAbandonmentRate, 4, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture));
        insert.Execute();
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
