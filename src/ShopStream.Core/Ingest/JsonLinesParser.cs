using System.Text;
using System.Text.Json;
using ShopStream.Core.Events;
using ShopStream.Core.Text;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Ingest;

/// <summary>
/// One canonical event per JSON object, SPEC's field names. Ids may be numbers or strings (a non-numeric string
/// id maps to a stable id); prices may be numbers or strings. Unknown fields are ignored. Required: event_time
/// (ISO 8601 string), event_type, user_id, and product_id and price for product events. Order and attribution
/// fields go to <see cref="ShopEvent.Details"/> (see <c>JsonLinesParser.Details.cs</c>). A field it reads given twice
/// is <c>json</c>.
/// </summary>
public sealed partial class JsonLinesParser(StringPool pool) : IRecordParser
{
    private byte[]? _scratch = new byte[1024];
    private byte[]? _names;
    private ulong _seen;

    public InputFormat Format => InputFormat.JsonLines;

    public RejectReason Parse(ReadOnlySpan<byte> record, ref ShopEvent e)
    {
        e = default;
        e.Quantity = 1;
        _draft = default;
        _seen = 0;
        bool hasTime = false, hasType = false, hasUser = false, hasProduct = false, hasPrice = false;
        var reason = RejectReason.None;
        // A UTF-8 BOM before a line's object: files joined end to end (cat a.jsonl b.jsonl) carry the second's there,
        // and its first event was a json reject. The stream's own first BOM is skipped by the reader already.
        if (record.StartsWith("\uFEFF"u8))
            record = record[3..];
        try
        {
            var reader = new Utf8JsonReader(record, new JsonReaderOptions { MaxDepth = 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return RejectReason.Json;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = JsonText.Name(ref reader, ref _names);
                if (!reader.Read())
                    return RejectReason.Json;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    // A field ShopStream reads holds no object or array: its value was taken as empty (a brand,
                    // a session), or as missing. Others' are skipped (the generator's context, a client's extras).
                    if (Reads(name))
                        return RejectReason.Json;
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType == JsonTokenType.Null)
                    continue;
                reason = ReadField(name, ref reader, ref e, ref hasTime, ref hasType, ref hasUser, ref hasProduct, ref hasPrice);
                if (reason != RejectReason.None)
                    return reason;
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
                return RejectReason.Json;
        }
        catch (JsonException)
        {
            return RejectReason.Json;
        }
        catch (NotTextException)
        {
            return RejectReason.Encoding;
        }

        if (!hasTime)
            return RejectReason.EventTime;
        if (!hasType)
            return RejectReason.EventType;
        if (!hasUser || (!hasProduct && EventTypes.RequiresProduct(e.Type)))
            return RejectReason.Id;
        if (!hasPrice && EventTypes.RequiresProduct(e.Type))
            return RejectReason.Number;
        if (FieldRules.Line(e.Price, e.Quantity) is var line && line != RejectReason.None)
            return line;
        e.Details = _details.Intern(_draft);
        e.Fingerprint = Fingerprint128.Of(e);
        return RejectReason.None;
    }

    private RejectReason ReadField(ReadOnlySpan<byte> name, ref Utf8JsonReader r, ref ShopEvent e,
        ref bool hasTime, ref bool hasType, ref bool hasUser, ref bool hasProduct, ref bool hasPrice)
    {
        switch (name)
        {
            case var _ when name.SequenceEqual("event_time"u8):
                if (Repeated(0))
                    return RejectReason.Json;
                hasTime = true;
                return r.TokenType == JsonTokenType.String && Timestamps.TryParse(Value(ref r), out e.EventTimeTicks)
                    ? RejectReason.None : RejectReason.EventTime;
            case var _ when name.SequenceEqual("event_type"u8):
                if (Repeated(1))
                    return RejectReason.Json;
                hasType = true;
                return r.TokenType == JsonTokenType.String && EventTypes.TryParse(Value(ref r), out e.Type)
                    ? RejectReason.None : RejectReason.EventType;
            case var _ when name.SequenceEqual("user_id"u8):
                if (Repeated(2))
                    return RejectReason.Json;
                hasUser = true;
                return Id(ref r, mapStrings: true, out e.UserId);
            case var _ when name.SequenceEqual("product_id"u8):
                if (Repeated(3))
                    return RejectReason.Json;
                hasProduct = true;
                return Id(ref r, mapStrings: true, out e.ProductId);
            case var _ when name.SequenceEqual("category_id"u8):
                if (Repeated(4))
                    return RejectReason.Json;
                return Id(ref r, mapStrings: false, out e.CategoryId);
            case var _ when name.SequenceEqual("price"u8):
                if (Repeated(5))
                    return RejectReason.Json;
                hasPrice = true;
                return Price(ref r, out e.Price);
            case var _ when name.SequenceEqual("quantity"u8):
                if (Repeated(6))
                    return RejectReason.Json;
                return Quantity(ref r, out e.Quantity);
            case var _ when name.SequenceEqual("event_id"u8):
                if (Repeated(7))
                    return RejectReason.Json;
                e.SourceEventId = Text(ref r);
                return RejectReason.None;
            case var _ when name.SequenceEqual("session_id"u8):
                if (Repeated(8))
                    return RejectReason.Json;
                var session = Value(ref r);
                if (!Utf8Guids.TryParse(session, out e.SessionId))
                    e.SessionText = session.IsEmpty ? null : Encoding.UTF8.GetString(session);
                return RejectReason.None;
            case var _ when name.SequenceEqual("category_code"u8):
                if (Repeated(9))
                    return RejectReason.Json;
                e.CategoryCode = pool.Intern(Value(ref r));
                return RejectReason.None;
            case var _ when name.SequenceEqual("brand"u8):
                if (Repeated(10))
                    return RejectReason.Json;
                e.Brand = pool.Intern(Value(ref r));
                return RejectReason.None;
            case var _ when name.SequenceEqual("country"u8):
                if (Repeated(11))
                    return RejectReason.Json;
                e.Country = pool.Intern(Value(ref r));
                return RejectReason.None;
            case var _ when name.SequenceEqual("order_id"u8):
                if (Repeated(12))
                    return RejectReason.Json;
                e.OrderId = Text(ref r);
                return RejectReason.None;
            case var _ when name.SequenceEqual("user_agent"u8):
                if (Repeated(13))
                    return RejectReason.Json;
                e.UserAgent = pool.Intern(Value(ref r));
                return RejectReason.None;
            case var _ when name.SequenceEqual("ip"u8):
                if (Repeated(14))
                    return RejectReason.Json;
                e.Ip = Text(ref r);
                return RejectReason.None;
            default:
                return ReadDetail(name, ref r);
        }
    }

    // A field ShopStream reads may come once: with a name twice, which value counts is each parser's own choice (.NET's
    // last, others the first), so such a record is rejected (json) rather than read one way here and another elsewhere.
    private bool Repeated(int field)
    {
        ulong bit = 1UL << field;
        bool again = (_seen & bit) != 0;
        _seen |= bit;
        return again;
    }

    // A whole number written with a zero fraction (14.0, "6.0") is that number, as an order line's CustomerID 12923.0
    // is: 14.0 was a number reject and "6.0" a string id, another customer than 6.
    private RejectReason Id(ref Utf8JsonReader r, bool mapStrings, out long id)
    {
        id = 0;
        if (r.TokenType == JsonTokenType.Number)
        {
            return !r.TryGetInt64(out id) && !Utf8Numbers.TryParseWholeNumber(r.ValueSpan, out id) ? RejectReason.Number
                : id > 0 ? RejectReason.None : RejectReason.Id;
        }

        if (r.TokenType != JsonTokenType.String)
            return RejectReason.Number;
        var s = Value(ref r);
        if (Utf8Numbers.IsDigits(s) || (s.Length > 1 && s[0] == '-' && Utf8Numbers.IsDigits(s[1..])))
            return FieldRules.RequiredId(s, out id);
        if (Utf8Numbers.TryParseWholeNumber(s, out id))
            return id > 0 ? RejectReason.None : RejectReason.Id;
        if (!mapStrings || s.IsEmpty)
            return s.IsEmpty ? RejectReason.Id : RejectReason.Number;
        id = StableId.Of(s);
        return RejectReason.None;
    }

    // A whole number, or a string of one, as ids and prices may be strings ("2" was a number reject, "5.50" a price);
    // with a zero fraction too (1.0), as ids.
    private RejectReason Quantity(ref Utf8JsonReader r, out int quantity)
    {
        quantity = 0;
        if (r.TokenType == JsonTokenType.Number && r.TryGetInt32(out quantity))
            return FieldRules.Quantity(quantity);
        if (r.TokenType is not (JsonTokenType.Number or JsonTokenType.String) || !Utf8Numbers.TryParseWholeNumber(Value(ref r), out long value)
            || value is < int.MinValue or > int.MaxValue)
            return RejectReason.Number;
        quantity = (int)value;
        return FieldRules.Quantity(quantity);
    }

    private RejectReason Price(ref Utf8JsonReader r, out decimal price)
    {
        price = 0;
        if (r.TokenType == JsonTokenType.Number)
        {
            if (!r.TryGetDecimal(out price))
                return FieldRules.Unparsed(r.ValueSpan);
            return FieldRules.Price(price);
        }

        return r.TokenType == JsonTokenType.String ? FieldRules.Price(Value(ref r), out price) : RejectReason.Number;
    }

    // The token's text, unescaped, as UTF-8 (a view of the record, or of scratch when it had escapes).
    private ReadOnlySpan<byte> Value(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.String || !r.ValueIsEscaped)
            return r.ValueSpan;
        // An escaped lone surrogate (\ud800) is JSON's grammar but no character: the reader cannot make UTF-8 of it.
        if (!JsonText.TryUnescape(ref r, ref _scratch, out int n))
            throw new NotTextException();
        var text = _scratch.AsSpan(0, n);
        return text.Contains((byte)0) ? throw new NotTextException() : text; // \u0000: a NUL, as RecordText refuses raw
    }

    // A string whose escapes make no text: SPEC's `encoding`.
    private sealed class NotTextException : Exception;

    private string? Text(ref Utf8JsonReader r)
    {
        var v = Value(ref r);
        return v.IsEmpty ? null : Encoding.UTF8.GetString(v);
    }
}
