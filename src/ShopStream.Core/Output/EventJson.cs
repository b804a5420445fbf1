using System.Text.Json;
using ShopStream.Core.Events;

namespace ShopStream.Core.Output;

/// <summary>
/// An event as one canonical JSON object (SPEC's field names; the JSON-lines reader reads it back), for dead
/// letters of events that no longer have their source text, such as late events replayed from the log.
/// </summary>
public static class EventJson
{
    public static byte[] ToUtf8(in ShopEvent e)
    {
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Span<byte> time = stackalloc byte[Iso8601.MaxLength];
            json.WriteStartObject();
            json.WriteString("event_id", e.EventId);
            json.WriteString("event_time", time[..Iso8601.Format(e.EventTime, time)]);
            json.WriteString("event_type", EventTypes.Name(e.Type));
            json.WriteNumber("user_id", e.UserId);
            Optional(json, "session_id", e.SessionKey);
            json.WriteNumber("product_id", e.ProductId);
            if (e.CategoryId != 0)
                json.WriteNumber("category_id", e.CategoryId);
            Optional(json, "category_code", e.CategoryCode);
            Optional(json, "brand", e.Brand);
            json.WriteNumber("price", e.Price);
            json.WriteNumber("quantity", e.Quantity);
            Optional(json, "order_id", e.OrderId);
            Optional(json, "country", e.Country);
            Optional(json, "user_agent", e.UserAgent);
            Optional(json, "ip", e.Ip);
            EventDetailsJson.Write(json, e.Details);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
            json.WriteString(name, value);
    }
}
