using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using ShopStream.Core.Processing;

namespace ShopStream.Postgres.Tables;

/// <summary>
/// <c>shopstream.run_summary</c>: the one row of the latest run summary. Revenue is kept exact (not rounded);
/// the by-reason, by-type and segment counts are JSON arrays of <c>[name, count]</c> pairs, so their order (SPEC's)
/// survives (a JSON object in <c>jsonb</c> would not keep its key order).
/// </summary>
internal static class SummaryRow
{
    private const string Columns =
        "events_read, events_accepted, events_rejected, duplicates_dropped, users, sessions, sessions_with_purchase, purchasing_users, " +
        "revenue, late_events, late_events_dropped, sessions_with_cart, abandoned_sessions, rejected_by_reason, events_by_type, segments";

    public const string Table = "shopstream.run_summary";

    public const string SelectSql = $"SELECT {Columns} FROM {Table} WHERE id = 1";

    // The same run again (same version, same numbers) writes nothing, not even a new published_at.
    private static readonly string s_mergeSql = UpsertSql(TableShape.UpdateWhen(PublishMode.Merge, Columns.Split(", ")));

    private static readonly string s_replaceSql = UpsertSql(TableShape.UpdateWhen(PublishMode.Replace, Columns.Split(", ")));

    private static string UpsertSql(string when) => $"""
        INSERT INTO {Table} AS t (id, {Columns}, version, published_at)
        VALUES (1, @events_read, @events_accepted, @events_rejected, @duplicates_dropped, @users, @sessions, @sessions_with_purchase,
                @purchasing_users, @revenue, @late_events, @late_events_dropped, @sessions_with_cart, @abandoned_sessions,
                @rejected_by_reason, @events_by_type, @segments, @version, now())
        ON CONFLICT (id) DO UPDATE SET
            events_read = excluded.events_read, events_accepted = excluded.events_accepted, events_rejected = excluded.events_rejected,
            duplicates_dropped = excluded.duplicates_dropped, users = excluded.users, sessions = excluded.sessions,
            sessions_with_purchase = excluded.sessions_with_purchase, purchasing_users = excluded.purchasing_users, revenue = excluded.revenue,
            late_events = excluded.late_events, late_events_dropped = excluded.late_events_dropped, sessions_with_cart = excluded.sessions_with_cart,
            abandoned_sessions = excluded.abandoned_sessions, rejected_by_reason = excluded.rejected_by_reason,
            events_by_type = excluded.events_by_type, segments = excluded.segments, version = excluded.version, published_at = excluded.published_at
        WHERE {when}
        """;

    /// <summary>Writes the summary unless a newer one is there (<see cref="PublishMode.Merge"/>) or the same one; returns whether it was written.</summary>
    public static async Task<bool> UpsertAsync(NpgsqlConnection connection, RunSummary s, long version, PublishMode mode, CancellationToken cancellationToken)
    {
        var command = Sql.Command(connection, mode == PublishMode.Replace ? s_replaceSql : s_mergeSql,
            ("events_read", s.EventsRead), ("events_accepted", s.EventsAccepted), ("events_rejected", s.EventsRejected),
            ("duplicates_dropped", s.DuplicatesDropped), ("users", s.Users), ("sessions", s.Sessions),
            ("sessions_with_purchase", s.SessionsWithPurchase), ("purchasing_users", s.PurchasingUsers), ("revenue", s.Revenue),
            ("late_events", s.LateEvents), ("late_events_dropped", s.LateEventsDropped), ("sessions_with_cart", s.SessionsWithCart),
            ("abandoned_sessions", s.AbandonedSessions), ("version", version));
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter("rejected_by_reason", NpgsqlDbType.Jsonb) { Value = CountsJson(s.RejectedByReason) });
            command.Parameters.Add(new NpgsqlParameter("events_by_type", NpgsqlDbType.Jsonb) { Value = CountsJson(s.EventsByType) });
            command.Parameters.Add(new NpgsqlParameter("segments", NpgsqlDbType.Jsonb) { Value = CountsJson(s.Segments) });
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    /// <summary>The summary from a row of <see cref="SelectSql"/>.</summary>
    public static RunSummary Read(NpgsqlDataReader r) => new()
    {
        EventsRead = r.GetInt64(0),
        EventsAccepted = r.GetInt64(1),
        EventsRejected = r.GetInt64(2),
        DuplicatesDropped = r.GetInt64(3),
        Users = r.GetInt64(4),
        Sessions = r.GetInt64(5),
        SessionsWithPurchase = r.GetInt64(6),
        PurchasingUsers = r.GetInt64(7),
        Revenue = r.GetDecimal(8),
        LateEvents = r.GetInt64(9),
        LateEventsDropped = r.GetInt64(10),
        SessionsWithCart = r.GetInt64(11),
        AbandonedSessions = r.GetInt64(12),
        RejectedByReason = ParseCounts(r.GetString(13)),
        EventsByType = ParseCounts(r.GetString(14)),
        Segments = ParseCounts(r.GetString(15)),
    };

    private static string CountsJson(IReadOnlyList<KeyValuePair<string, long>> counts)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var (name, count) in counts)
            {
                w.WriteStartArray();
                w.WriteStringValue(name);
                w.WriteNumberValue(count);
                w.WriteEndArray();
            }

            w.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static KeyValuePair<string, long>[] ParseCounts(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.EnumerateArray().Select(pair => new KeyValuePair<string, long>(pair[0].GetString()!, pair[1].GetInt64()))];
    }
}
