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
            json.WriteStringIfPresent("session_id"u8, e.SessionKey);
            json.WriteNumber("product_id", e.ProductId);
            if (e.CategoryId != 0)
                json.WriteNumber("category_id", e.CategoryId);
            json.WriteStringIfPresent("category_code"u8, e.CategoryCode);
            json.WriteStringIfPresent("brand"u8, e.Brand);
            json.WriteNumber("price", e.Price);
            json.WriteNumber("quantity", e.Quantity);
            json.WriteStringIfPresent("order_id"u8, e.OrderId);
            json.WriteStringIfPresent("country"u8, e.Country);
            json.WriteStringIfPresent("user_agent"u8, e.UserAgent);
            json.WriteStringIfPresent("ip"u8, e.Ip);
            EventDetailsJson.Write(json, e.Details);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
