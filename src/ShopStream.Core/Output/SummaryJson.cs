using System.Text.Json;
using ShopStream.Core.Processing;

namespace ShopStream.Core.Output;

/// <summary>
/// Writes and reads <c>summary.json</c> in exactly SPEC's shape and key order, plus <c>late_events</c>,
/// <c>late_events_dropped</c>, <c>sessions_with_cart</c>, <c>abandoned_sessions</c> and <c>cart_abandonment_rate</c>.
/// </summary>
public static class SummaryJson
{
    public static void Write(Stream output, RunSummary s)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("events_read", s.EventsRead);
        w.WriteNumber("events_accepted", s.EventsAccepted);
        w.WriteNumber("events_rejected", s.EventsRejected);
        w.WriteNumber("duplicates_dropped", s.DuplicatesDropped);
        WriteCounts(w, "rejected_by_reason", s.RejectedByReason);
        WriteCounts(w, "events_by_type", s.EventsByType);
        w.WriteNumber("users", s.Users);
        w.WriteNumber("sessions", s.Sessions);
        w.WriteNumber("sessions_with_purchase", s.SessionsWithPurchase);
        w.WriteNumber("purchasing_users", s.PurchasingUsers);
        w.WriteNumber("revenue", Places(s.Revenue, 2));
        WriteCounts(w, "segments", s.Segments);
        w.WriteNumber("late_events", s.LateEvents);
        w.WriteNumber("late_events_dropped", s.LateEventsDropped);
        w.WriteNumber("sessions_with_cart", s.SessionsWithCart);
        w.WriteNumber("abandoned_sessions", s.AbandonedSessions);
        w.WriteNumber("cart_abandonment_rate", Places(s.CartAbandonmentRate, 4));
        w.WriteEndObject();
        w.Flush();
        output.WriteByte((byte)'\n');
    }

    public static RunSummary Read(Stream input)
    {
        using var doc = JsonDocument.Parse(input);
        var r = doc.RootElement;
        return new RunSummary
        {
            EventsRead = Required(r, "events_read").GetInt64(),
            EventsAccepted = Required(r, "events_accepted").GetInt64(),
            EventsRejected = Required(r, "events_rejected").GetInt64(),
            DuplicatesDropped = Required(r, "duplicates_dropped").GetInt64(),
            RejectedByReason = ReadCounts(Required(r, "rejected_by_reason")),
            EventsByType = ReadCounts(Required(r, "events_by_type")),
            Users = Required(r, "users").GetInt64(),
            Sessions = Required(r, "sessions").GetInt64(),
            SessionsWithPurchase = Required(r, "sessions_with_purchase").GetInt64(),
            PurchasingUsers = Required(r, "purchasing_users").GetInt64(),
            Revenue = Required(r, "revenue").GetDecimal(),
            Segments = ReadCounts(Required(r, "segments")),
            LateEvents = r.TryGetProperty("late_events", out var late) ? late.GetInt64() : 0,
            LateEventsDropped = r.TryGetProperty("late_events_dropped", out var dropped) ? dropped.GetInt64() : 0,
            SessionsWithCart = r.TryGetProperty("sessions_with_cart", out var withCart) ? withCart.GetInt64() : 0,
            AbandonedSessions = r.TryGetProperty("abandoned_sessions", out var abandoned) ? abandoned.GetInt64() : 0,
        };
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, long>> counts)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in counts)
            w.WriteNumber(key, value);
        w.WriteEndObject();
    }

    // A field the summary must have; named when missing (GetProperty's KeyNotFoundException says only "the given key").
    private static JsonElement Required(JsonElement summary, string name) =>
        summary.ValueKind == JsonValueKind.Object && summary.TryGetProperty(name, out var value)
            ? value
            : throw new JsonException($"it has no \"{name}\" field");

    private static KeyValuePair<string, long>[] ReadCounts(JsonElement e) =>
        e.EnumerateObject().Select(p => new KeyValuePair<string, long>(p.Name, p.Value.GetInt64())).ToArray();

    // Rounded half away from zero to exactly that many places: a decimal keeps its scale, so Round(5m, 2) is 5, which
    // was written "5" where SPEC's money has cents ("5.00"); adding a zero of that scale sets it.
    private static decimal Places(decimal value, int places) =>
        Math.Round(value, places, MidpointRounding.AwayFromZero) + new decimal(0, 0, 0, false, (byte)places);
}
