using System.Text.Json;
using ShopStream.Core.Inventory;
using ShopStream.Core.Output;

namespace ShopStream.Kafka.Inventory;

/// <summary>
/// A stock change as a <see cref="KafkaTopics.Inventory"/> record value: <c>{"schema_version":1, "event_time",
/// "product_id", "warehouse", "delta", "reason"}</c> (<c>reason</c> left out when absent), the fields of the
/// inventory JSON lines that <c>shopstream run --inventory</c> reads, so a consumer parses it with
/// <see cref="StockChangeParser"/>.
/// </summary>
public static class StockChangeJson
{
    public const int SchemaVersion = 1;

    public static void Write(Utf8JsonWriter w, in StockChange change)
    {
        ArgumentNullException.ThrowIfNull(w);
        Span<byte> time = stackalloc byte[Iso8601.MaxLength];
        w.WriteStartObject();
        w.WriteNumber("schema_version"u8, SchemaVersion);
        w.WriteString("event_time"u8, time[..Iso8601.Format(new DateTime(change.TimeTicks, DateTimeKind.Utc), time)]);
        w.WriteNumber("product_id"u8, change.ProductId);
        w.WriteString("warehouse"u8, change.Warehouse);
        w.WriteNumber("delta"u8, change.Delta);
        if (change.Reason is not null)
            w.WriteString("reason"u8, change.Reason);
        w.WriteEndObject();
        w.Flush();
    }
}
