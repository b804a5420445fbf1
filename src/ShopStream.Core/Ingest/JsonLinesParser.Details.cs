using System.Text.Json;
using ShopStream.Core.Events;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Ingest;

/// <summary>
/// The optional order and attribution fields (<see cref="EventDetails"/>): <c>payment_method</c>,
/// <c>order_subtotal</c>, <c>tax</c>, <c>shipping</c>, <c>order_total</c> (money as numbers or strings, >= 0:
/// unparseable is <c>number</c>, negative or above <see cref="FieldRules.MaxPrice"/> is <c>price</c>) and <c>channel</c>, <c>utm_source</c>, <c>utm_medium</c>,
/// <c>utm_campaign</c> (text of at most <see cref="EventDetails.MaxTextBytes"/> bytes, else <c>too_large</c>;
/// interned, since they take few values). An event with the same values as an earlier one shares its instance.
/// </summary>
public sealed partial class JsonLinesParser
{
    private readonly EventDetailsPool _details = new();
    private DetailsDraft _draft;

    // Every field name ReadField and ReadDetail read, in the order of their Repeated bits.
    private static readonly byte[][] s_fieldsRead =
    [
        "event_time"u8.ToArray(), "event_type"u8.ToArray(), "user_id"u8.ToArray(), "product_id"u8.ToArray(), "category_id"u8.ToArray(),
        "price"u8.ToArray(), "quantity"u8.ToArray(), "event_id"u8.ToArray(), "session_id"u8.ToArray(), "category_code"u8.ToArray(),
        "brand"u8.ToArray(), "country"u8.ToArray(), "order_id"u8.ToArray(), "user_agent"u8.ToArray(), "ip"u8.ToArray(),
        "payment_method"u8.ToArray(), "order_subtotal"u8.ToArray(), "tax"u8.ToArray(), "shipping"u8.ToArray(), "order_total"u8.ToArray(),
        "channel"u8.ToArray(), "utm_source"u8.ToArray(), "utm_medium"u8.ToArray(), "utm_campaign"u8.ToArray(),
    ];

    private static bool Reads(ReadOnlySpan<byte> name)
    {
        foreach (byte[] field in s_fieldsRead)
        {
            if (name.SequenceEqual(field))
                return true;
        }

        return false;
    }

    private RejectReason ReadDetail(ReadOnlySpan<byte> name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case var _ when name.SequenceEqual("payment_method"u8):
                if (Repeated(15))
                    return RejectReason.Json;
                return Label(ref r, out _draft.PaymentMethod);
            case var _ when name.SequenceEqual("order_subtotal"u8):
                if (Repeated(16))
                    return RejectReason.Json;
                return Money(ref r, out _draft.Subtotal);
            case var _ when name.SequenceEqual("tax"u8):
                if (Repeated(17))
                    return RejectReason.Json;
                return Money(ref r, out _draft.Tax);
            case var _ when name.SequenceEqual("shipping"u8):
                if (Repeated(18))
                    return RejectReason.Json;
                return Money(ref r, out _draft.Shipping);
            case var _ when name.SequenceEqual("order_total"u8):
                if (Repeated(19))
                    return RejectReason.Json;
                return Money(ref r, out _draft.Total);
            case var _ when name.SequenceEqual("channel"u8):
                if (Repeated(20))
                    return RejectReason.Json;
                return Label(ref r, out _draft.Channel);
            case var _ when name.SequenceEqual("utm_source"u8):
                if (Repeated(21))
                    return RejectReason.Json;
                return Label(ref r, out _draft.UtmSource);
            case var _ when name.SequenceEqual("utm_medium"u8):
                if (Repeated(22))
                    return RejectReason.Json;
                return Label(ref r, out _draft.UtmMedium);
            case var _ when name.SequenceEqual("utm_campaign"u8):
                if (Repeated(23))
                    return RejectReason.Json;
                return Label(ref r, out _draft.UtmCampaign);
            default:
                return RejectReason.None; // fields ShopStream does not read (the generator's city, device, query, ...)
        }
    }

    private RejectReason Money(ref Utf8JsonReader r, out decimal? money)
    {
        var reason = Price(ref r, out decimal value);
        money = reason == RejectReason.None ? value : null;
        return reason;
    }

    private RejectReason Label(ref Utf8JsonReader r, out string? text)
    {
        var value = Value(ref r);
        text = null;
        if (value.Length > EventDetails.MaxTextBytes)
            return RejectReason.TooLarge;
        text = pool.Intern(value);
        return RejectReason.None;
    }
}
