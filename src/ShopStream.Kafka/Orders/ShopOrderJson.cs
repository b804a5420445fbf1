using System.Globalization;
using System.Text.Json;
using ShopStream.Core.Events;
using ShopStream.Core.Log;
using ShopStream.Core.Orders;
using ShopStream.Core.Output;
using ShopStream.Core.Text;
using ShopStream.Kafka.Json;

namespace ShopStream.Kafka.Orders;

/// <summary>
/// A <see cref="ShopOrder"/> as a <see cref="KafkaTopics.Orders"/> record value (README "Topics"):
/// <code>
/// {"schema_version":1, "order_id", "user_id", "order_time", "payment_method"?,
///  "items":[{"product_id", "category_id"?, "brand"?, "price", "quantity"}, ...],
///  "subtotal", "tax"?, "shipping"?, "total"?, "currency"?, "channel"?, "utm_source"?, "utm_medium"?, "utm_campaign"?}
/// </code>
/// Optional fields are left out when absent; money keeps its scale. A reader skips fields it does not know and
/// refuses another schema version, a missing or bad field, negative money, an order without items, or over
/// <see cref="MaxItems"/> items.
/// </summary>
public static class ShopOrderJson
{
    public const int SchemaVersion = 1;

    /// <summary>The most items an order may have (the largest UCI invoice has about 1,100 lines).</summary>
    public const int MaxItems = 10_000;

    public static void Write(Utf8JsonWriter w, ShopOrder order)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(order);
        Span<byte> time = stackalloc byte[Iso8601.MaxLength];
        w.WriteStartObject();
        w.WriteNumber("schema_version"u8, SchemaVersion);
        w.WriteString("order_id"u8, order.OrderId);
        w.WriteNumber("user_id"u8, order.UserId);
        w.WriteString("order_time"u8, time[..Iso8601.Format(order.OrderTime, time)]);
        w.WriteStringIfPresent("payment_method"u8, order.PaymentMethod);
        w.WriteStartArray("items"u8);
        foreach (var item in order.Items)
        {
            w.WriteStartObject();
            w.WriteNumber("product_id"u8, item.ProductId);
            if (item.CategoryId != 0)
                w.WriteNumber("category_id"u8, item.CategoryId);
            w.WriteStringIfPresent("brand"u8, item.Brand);
            w.WriteNumber("price"u8, item.Price);
            w.WriteNumber("quantity"u8, item.Quantity);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("subtotal"u8, order.Subtotal);
        w.WriteNumberIfPresent("tax"u8, order.Tax);
        w.WriteNumberIfPresent("shipping"u8, order.Shipping);
        w.WriteNumberIfPresent("total"u8, order.Total);
        w.WriteStringIfPresent("currency"u8, order.Currency);
        w.WriteStringIfPresent("channel"u8, order.Channel);
        w.WriteStringIfPresent("utm_source"u8, order.UtmSource);
        w.WriteStringIfPresent("utm_medium"u8, order.UtmMedium);
        w.WriteStringIfPresent("utm_campaign"u8, order.UtmCampaign);
        w.WriteEndObject();
        w.Flush();
    }

    /// <summary>Reads a value written by <see cref="Write"/> (or another producer of the schema); <see cref="LogFormatException"/> saying what is wrong otherwise.</summary>
    public static ShopOrder Read(ReadOnlySpan<byte> json)
    {
        try
        {
            var r = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
                throw Invalid("the value is not a JSON object");
            var order = ReadFields(ref r);
            if (r.TokenType != JsonTokenType.EndObject || r.Read())
                throw Invalid("the value is not one JSON object");
            return order;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw Invalid(ex.Message);
        }
    }

    private static ShopOrder ReadFields(ref Utf8JsonReader r)
    {
        int version = 0;
        string? orderId = null;
        long userId = 0;
        DateTime? time = null;
        decimal? subtotal = null;
        byte[]? names = null;
        List<OrderItem>? items = null;
        var order = new ShopOrder { OrderId = "", UserId = 0, OrderTime = default, Items = [], Subtotal = 0 };
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var name = JsonText.Name(ref r, ref names);
            r.Read();
            if (r.TokenType == JsonTokenType.Null)
                continue;
            switch (name)
            {
                case var n when n.SequenceEqual("schema_version"u8): version = r.GetInt32(); break;
                case var n when n.SequenceEqual("order_id"u8): orderId = r.GetString(); break;
                case var n when n.SequenceEqual("user_id"u8): userId = r.GetInt64(); break;
                case var n when n.SequenceEqual("order_time"u8): time = Time(r.GetString()); break;
                case var n when n.SequenceEqual("items"u8): items = Items(ref r); break;
                case var n when n.SequenceEqual("subtotal"u8): subtotal = Money(ref r, "subtotal"); break;
                case var n when n.SequenceEqual("payment_method"u8): order = order with { PaymentMethod = Label(ref r, "payment_method") }; break;
                case var n when n.SequenceEqual("tax"u8): order = order with { Tax = Money(ref r, "tax") }; break;
                case var n when n.SequenceEqual("shipping"u8): order = order with { Shipping = Money(ref r, "shipping") }; break;
                case var n when n.SequenceEqual("total"u8): order = order with { Total = Money(ref r, "total") }; break;
                case var n when n.SequenceEqual("currency"u8): order = order with { Currency = Label(ref r, "currency") }; break;
                case var n when n.SequenceEqual("channel"u8): order = order with { Channel = Label(ref r, "channel") }; break;
                case var n when n.SequenceEqual("utm_source"u8): order = order with { UtmSource = Label(ref r, "utm_source") }; break;
                case var n when n.SequenceEqual("utm_medium"u8): order = order with { UtmMedium = Label(ref r, "utm_medium") }; break;
                case var n when n.SequenceEqual("utm_campaign"u8): order = order with { UtmCampaign = Label(ref r, "utm_campaign") }; break;
                default: r.Skip(); break; // fields of a later minor revision, or a producer's own extras
            }
        }

        if (version != SchemaVersion)
            throw Invalid(version == 0 ? "schema_version is missing" : $"schema_version {version} is not supported (this build reads {SchemaVersion})");
        if (orderId is null || userId <= 0 || time is null || subtotal is null || items is null)
            throw Invalid(orderId is null ? "order_id is missing" : userId <= 0 ? "user_id is missing or not positive"
                : time is null ? "order_time is missing" : subtotal is null ? "subtotal is missing" : "items are missing");
        if (items.Count == 0)
            throw Invalid("an order has no items");
        return order with { OrderId = orderId, UserId = userId, OrderTime = time.Value, Items = items, Subtotal = subtotal.Value };
    }

    private static List<OrderItem> Items(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartArray)
            throw Invalid("items is not an array");
        var items = new List<OrderItem>();
        byte[]? names = null;
        while (r.Read() && r.TokenType == JsonTokenType.StartObject)
        {
            if (items.Count == MaxItems)
                throw Invalid($"an order has over {MaxItems} items");
            long product = 0, category = 0;
            string? brand = null;
            decimal? price = null;
            int quantity = 1;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var name = JsonText.Name(ref r, ref names);
                r.Read();
                if (r.TokenType == JsonTokenType.Null)
                    continue;
                switch (name)
                {
                    case var n when n.SequenceEqual("product_id"u8): product = r.GetInt64(); break;
                    case var n when n.SequenceEqual("category_id"u8): category = r.GetInt64(); break;
                    case var n when n.SequenceEqual("brand"u8): brand = Label(ref r, "brand"); break;
                    case var n when n.SequenceEqual("price"u8): price = Money(ref r, "price"); break;
                    case var n when n.SequenceEqual("quantity"u8): quantity = r.GetInt32(); break;
                    default: r.Skip(); break;
                }
            }

            if (product <= 0 || price is null)
                throw Invalid(product <= 0 ? "an item's product_id is missing or not positive" : "an item's price is missing");
            items.Add(new OrderItem(product, category, brand, price.Value, quantity));
        }

        if (r.TokenType != JsonTokenType.EndArray)
            throw Invalid("items holds something other than objects");
        return items;
    }

    private static decimal Money(ref Utf8JsonReader r, string field)
    {
        decimal value = r.GetDecimal();
        return value >= 0 ? value : throw Invalid($"{field} {value.ToString(CultureInfo.InvariantCulture)} is negative");
    }

    private static string Label(ref Utf8JsonReader r, string field)
    {
        string text = r.GetString() ?? "";
        return System.Text.Encoding.UTF8.GetByteCount(text) <= EventDetails.MaxTextBytes
            ? text : throw Invalid($"{field} is over {EventDetails.MaxTextBytes} bytes");
    }

    private static DateTime Time(string? text) =>
        IsoTime.TryParse(text, out var time) ? time : throw Invalid($"order_time '{text}' is not an ISO 8601 UTC time");

    private static LogFormatException Invalid(string why) => new($"not a ShopStream order (schema {SchemaVersion}): {why}");
}
