using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Output;
using ShopStream.Core.Text;
using ShopStream.Core.Validation;

namespace ShopStream.Kafka.Json;

/// <summary>
/// A <see cref="ShopEvent"/> as a Kafka record value: one JSON object with SPEC's canonical field names and a
/// <c>schema_version</c> (README "Message schemas"). It carries the event exactly (the price keeps its scale, the
/// fingerprint travels with it) and the stream's watermark input <c>stream_max_time</c>, so a processor fed
/// from Kafka computes what one fed from the embedded log does. Optional fields are left out when absent; the
/// order and attribution fields (<see cref="EventDetails"/>) are optional fields of schema 1, under the JSON-lines
/// names (<c>payment_method</c>, <c>order_subtotal</c>, <c>tax</c>, <c>shipping</c>, <c>order_total</c>,
/// <c>channel</c>, <c>utm_source</c>, <c>utm_medium</c>, <c>utm_campaign</c>): readers before them skip them.
/// </summary>
public static class KafkaEventJson
{
    public const int SchemaVersion = 1;

    private static readonly JsonWriterOptions s_writerOptions = new() { SkipValidation = true };

    /// <summary>Writes <paramref name="e"/> as one JSON object to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, in ShopEvent e, long streamMaxTicks)
    {
        using var w = new Utf8JsonWriter(output, s_writerOptions);
        Write(w, e, streamMaxTicks);
    }

    /// <summary>Writes <paramref name="e"/> as one JSON object; reuse one writer (<see cref="Utf8JsonWriter.Reset()"/>) for many.</summary>
    public static void Write(Utf8JsonWriter w, in ShopEvent e, long streamMaxTicks)
    {
        ArgumentNullException.ThrowIfNull(w);
        Span<byte> time = stackalloc byte[Iso8601.MaxLength];
        w.WriteStartObject();
        w.WriteNumber("schema_version"u8, SchemaVersion);
        w.WriteString("event_id"u8, e.EventId);
        w.WriteString("event_time"u8, time[..Iso8601.Format(e.EventTime, time)]);
        w.WriteString("event_type"u8, EventTypes.Name(e.Type));
        w.WriteNumber("user_id"u8, e.UserId);
        if (e.SessionKey is { } session)
            w.WriteString("session_id"u8, session);
        w.WriteNumber("product_id"u8, e.ProductId);
        if (e.CategoryId != 0)
            w.WriteNumber("category_id"u8, e.CategoryId);
        w.WriteStringIfPresent("category_code"u8, e.CategoryCode);
        w.WriteStringIfPresent("brand"u8, e.Brand);
        w.WriteNumber("price"u8, e.Price);
        w.WriteNumber("quantity"u8, e.Quantity);
        w.WriteStringIfPresent("order_id"u8, e.OrderId);
        w.WriteStringIfPresent("country"u8, e.Country);
        w.WriteStringIfPresent("user_agent"u8, e.UserAgent);
        w.WriteStringIfPresent("ip"u8, e.Ip);
        EventDetailsJson.Write(w, e.Details);
        w.WriteString("fingerprint"u8, Hex(e.Fingerprint));
        w.WriteString("stream_max_time"u8, time[..Iso8601.Format(new DateTime(Math.Max(streamMaxTicks, 0), DateTimeKind.Utc), time)]);
        w.WriteEndObject();
        w.Flush();
    }

    /// <summary>
    /// Reads a value written by <see cref="Write(IBufferWriter{byte}, in ShopEvent, long)"/> (or by another producer
    /// following the schema: <c>fingerprint</c> and <c>stream_max_time</c> may be left out). Throws
    /// <see cref="LogFormatException"/> saying what is wrong with anything else.
    /// </summary>
    public static void Read(ReadOnlySpan<byte> json, out ShopEvent e, out long streamMaxTicks, StringPool? pool = null)
    {
        e = default;
        e.Quantity = 1;
        streamMaxTicks = long.MinValue;
        int version = 0;
        bool hasTime = false, hasType = false, hasUser = false;
        UInt128? fingerprint = null;
        string? eventId = null;
        var details = default(DetailsDraft);
        byte[]? names = null;
        try
        {
            var r = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
                throw Invalid("the value is not a JSON object");
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var name = JsonText.Name(ref r, ref names);
                r.Read();
                if (r.TokenType == JsonTokenType.Null)
                    continue;
                switch (name)
                {
                    case var n when n.SequenceEqual("schema_version"u8): version = r.GetInt32(); break;
                    case var n when n.SequenceEqual("event_id"u8): eventId = r.GetString(); break;
                    case var n when n.SequenceEqual("event_time"u8): e.EventTimeTicks = Time(ref r, "event_time"); hasTime = true; break;
                    case var n when n.SequenceEqual("event_type"u8):
                        if (!EventTypes.TryParse(r.ValueSpan, out e.Type) || r.ValueIsEscaped)
                            throw Invalid($"event_type '{r.GetString()}' is not one of SPEC's types", RejectReason.EventType);
                        hasType = true;
                        break;
                    case var n when n.SequenceEqual("user_id"u8): e.UserId = Int64(ref r, "user_id"); hasUser = true; break;
                    case var n when n.SequenceEqual("session_id"u8): Session(r.GetString()!, ref e); break;
                    case var n when n.SequenceEqual("product_id"u8): e.ProductId = Int64(ref r, "product_id"); break;
                    case var n when n.SequenceEqual("category_id"u8): e.CategoryId = Int64(ref r, "category_id"); break;
                    case var n when n.SequenceEqual("category_code"u8): e.CategoryCode = Text(ref r, pool); break;
                    case var n when n.SequenceEqual("brand"u8): e.Brand = Text(ref r, pool); break;
                    case var n when n.SequenceEqual("price"u8): e.Price = Decimal(ref r, "price"); break;
                    case var n when n.SequenceEqual("quantity"u8): e.Quantity = (int)Int64(ref r, "quantity", int.MinValue, int.MaxValue); break;
                    case var n when n.SequenceEqual("order_id"u8): e.OrderId = r.GetString(); break;
                    case var n when n.SequenceEqual("country"u8): e.Country = Text(ref r, pool); break;
                    case var n when n.SequenceEqual("user_agent"u8): e.UserAgent = r.GetString(); break;
                    case var n when n.SequenceEqual("ip"u8): e.Ip = r.GetString(); break;
                    case var n when n.SequenceEqual("fingerprint"u8): fingerprint = ParseHex(r.GetString()!); break;
                    case var n when n.SequenceEqual("stream_max_time"u8): streamMaxTicks = Time(ref r, "stream_max_time"); break;
                    case var n when EventDetailsJson.TryRead(n, ref r, ref details, pool): break;
                    default: r.Skip(); break; // fields of a later minor revision, or a producer's own extras
                }
            }

            if (r.TokenType != JsonTokenType.EndObject || r.Read())
                throw Invalid("the value is not one JSON object");
        }
        catch (EventDetailsJson.NegativeMoneyException ex)
        {
            throw Invalid(ex.Message, RejectReason.Price);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw Invalid(ex.Message);
        }

        if (version != SchemaVersion)
            throw Invalid(version == 0 ? "schema_version is missing" : $"schema_version {version} is not supported (this build reads {SchemaVersion})");
        if (!hasTime || !hasType || !hasUser)
            throw Invalid($"{(!hasTime ? "event_time" : !hasType ? "event_type" : "user_id")} is missing", !hasTime ? RejectReason.EventTime : !hasType ? RejectReason.EventType : RejectReason.Id);
        if (e.UserId <= 0 || e.ProductId < 0 || (e.ProductId == 0 && EventTypes.RequiresProduct(e.Type)))
            throw Invalid($"user_id {e.UserId} or product_id {e.ProductId} is not a valid id", RejectReason.Id);
        if (e.Price < 0)
            throw Invalid($"price {e.Price} is negative", RejectReason.Price);

        e.Details = details.IsEmpty ? null : details.ToDetails();
        if (fingerprint is { } fp)
        {
            // The event id is the source's own unless it is the fingerprint's text (SPEC: then it was derived).
            e.SourceEventId = eventId == Hex(fp) ? null : eventId;
            e.Fingerprint = fp;
        }
        else
        {
            e.SourceEventId = eventId;
            e.Fingerprint = Fingerprint128.Of(e);
        }

        if (streamMaxTicks == long.MinValue)
            streamMaxTicks = e.EventTimeTicks;
    }

    private static string? Text(ref Utf8JsonReader r, StringPool? pool) =>
        pool is not null && !r.ValueIsEscaped && r.TokenType == JsonTokenType.String ? pool.Intern(r.ValueSpan) ?? "" : r.GetString();

    private static long Time(ref Utf8JsonReader r, string field)
    {
        var text = r.GetString();
        if (!IsoTime.TryParse(text, out var time))
            throw Invalid($"{field} '{text}' is not an ISO 8601 UTC time", field == "event_time" ? RejectReason.EventTime : RejectReason.Json);
        return time.Ticks;
    }

    private static void Session(string text, ref ShopEvent e)
    {
        // As the parsers do: a UUID is kept as one (in its canonical lower-case text), anything else as text.
        if (Guid.TryParseExact(text, "D", out var id) && id != Guid.Empty && id.ToString() == text)
            e.SessionId = id;
        else
            e.SessionText = text;
    }

    private static string Hex(UInt128 value) => value.ToString("x32", CultureInfo.InvariantCulture);

    private static UInt128 ParseHex(string text) =>
        text.Length == 32 && UInt128.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid($"fingerprint '{text}' is not 32 hex digits");

    // A number token beyond the field's type is SPEC's number (run says so of the same line); any other token is no event.
    private static long Int64(ref Utf8JsonReader r, string field, long min = long.MinValue, long max = long.MaxValue) =>
        r.TokenType == JsonTokenType.Number && r.TryGetInt64(out long value) && value >= min && value <= max ? value
        : r.TokenType == JsonTokenType.Number ? throw Invalid($"{field} {Encoding.UTF8.GetString(r.ValueSpan)} is not a whole number in range", RejectReason.Number)
        : r.GetInt64();

    // Money beyond a decimal's range is SPEC's price, too large, as run says of the same line.
    private static decimal Decimal(ref Utf8JsonReader r, string field) =>
        r.TokenType == JsonTokenType.Number && r.TryGetDecimal(out decimal value) ? value
        : r.TokenType == JsonTokenType.Number ? throw Invalid($"{field} {Encoding.UTF8.GetString(r.ValueSpan)} is beyond a decimal's range", FieldRules.Unparsed(r.ValueSpan))
        : r.GetDecimal();

    private static LogFormatException Invalid(string why, RejectReason reason = RejectReason.Json) =>
        new($"not a ShopStream event (schema {SchemaVersion}): {why}") { Reason = reason };
}
