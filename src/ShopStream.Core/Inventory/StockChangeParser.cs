using System.Text.Json;
using ShopStream.Core.Text;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Inventory;

/// <summary>
/// Parses an inventory JSON line: <c>event_time</c> (ISO 8601), <c>product_id</c> (&gt; 0), <c>warehouse</c>
/// (non-empty), <c>delta</c> (an integer), <c>reason</c> (optional). Other fields are ignored. Rejections use
/// SPEC's reasons: <c>json</c>, <c>event_time</c>, <c>id</c> (missing product or warehouse), <c>number</c>.
/// </summary>
public sealed class StockChangeParser(StringPool pool)
{
    public RejectReason Parse(ReadOnlySpan<byte> record, out StockChange change)
    {
        change = default;
        long time = 0, product = 0;
        int delta = 0;
        string? warehouse = null, reason = null;
        bool hasTime = false, hasDelta = false;
        byte[]? names = null;
        try
        {
            var r = new Utf8JsonReader(record, new JsonReaderOptions { MaxDepth = 4 });
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
                return RejectReason.Json;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var name = JsonText.Name(ref r, ref names);
                r.Read();
                if (name.SequenceEqual("event_time"u8))
                {
                    if (r.TokenType != JsonTokenType.String || r.ValueIsEscaped || !Timestamps.TryParse(r.ValueSpan, out time))
                        return RejectReason.EventTime;
                    hasTime = true;
                }
                else if (name.SequenceEqual("product_id"u8))
                {
                    if (r.TokenType != JsonTokenType.Number || !r.TryGetInt64(out product))
                        return RejectReason.Number;
                }
                else if (name.SequenceEqual("delta"u8))
                {
                    if (r.TokenType != JsonTokenType.Number || !r.TryGetInt32(out delta))
                        return RejectReason.Number;
                    hasDelta = true;
                }
                else if (name.SequenceEqual("warehouse"u8) && r.TokenType == JsonTokenType.String)
                {
                    warehouse = Text(ref r);
                }
                else if (name.SequenceEqual("reason"u8) && r.TokenType == JsonTokenType.String)
                {
                    reason = Text(ref r);
                }
                else
                {
                    r.Skip();
                }
            }

            if (r.TokenType != JsonTokenType.EndObject || r.Read())
                return RejectReason.Json;
        }
        catch (JsonException)
        {
            return RejectReason.Json;
        }
        catch (InvalidOperationException)
        {
            return RejectReason.Encoding; // an escape of a lone surrogate (\ud800): JSON's grammar, but no text; it stopped the run
        }

        if (!hasTime)
            return RejectReason.EventTime;
        if (product <= 0 || warehouse is null)
            return RejectReason.Id;
        if (!hasDelta)
            return RejectReason.Number;
        change = new StockChange(time, product, warehouse, delta, reason);
        return RejectReason.None;
    }

    // Warehouses and reasons are few: intern them (an escaped value is rare and just decoded).
    private string? Text(ref Utf8JsonReader r) => r.ValueIsEscaped ? r.GetString() : pool.Intern(r.ValueSpan);
}
