using System.Text.Json;
using ShopStream.Core.Events;
using ShopStream.Core.Text;

namespace ShopStream.Core.Output;

/// <summary>
/// <see cref="EventDetails"/> as JSON fields of an event object, under the names the JSON-lines reader reads:
/// <c>payment_method</c>, <c>order_subtotal</c>, <c>tax</c>, <c>shipping</c>, <c>order_total</c>, <c>channel</c>,
/// <c>utm_source</c>, <c>utm_medium</c>, <c>utm_campaign</c>; absent ones are left out, money keeps its scale.
/// </summary>
internal static class EventDetailsJson
{
    public static void Write(Utf8JsonWriter w, EventDetails? d)
    {
        if (d is null)
            return;
        w.WriteStringIfPresent("payment_method"u8, d.PaymentMethod);
        w.WriteNumberIfPresent("order_subtotal"u8, d.Subtotal);
        w.WriteNumberIfPresent("tax"u8, d.Tax);
        w.WriteNumberIfPresent("shipping"u8, d.Shipping);
        w.WriteNumberIfPresent("order_total"u8, d.Total);
        w.WriteStringIfPresent("channel"u8, d.Channel);
        w.WriteStringIfPresent("utm_source"u8, d.UtmSource);
        w.WriteStringIfPresent("utm_medium"u8, d.UtmMedium);
        w.WriteStringIfPresent("utm_campaign"u8, d.UtmCampaign);
    }

    /// <summary>
    /// Reads the value of field <paramref name="name"/> into <paramref name="draft"/> if it is a details field.
    /// Returns false for any other field; throws <see cref="FormatException"/> for a bad value (money that is not a
    /// number >= 0, text over <see cref="EventDetails.MaxTextBytes"/> bytes).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> name, ref Utf8JsonReader r, ref DetailsDraft draft, StringPool? pool)
    {
        switch (name)
        {
            case var n when n.SequenceEqual("payment_method"u8): draft.PaymentMethod = Label(ref r, pool); return true;
            case var n when n.SequenceEqual("order_subtotal"u8): draft.Subtotal = Money(ref r); return true;
            case var n when n.SequenceEqual("tax"u8): draft.Tax = Money(ref r); return true;
            case var n when n.SequenceEqual("shipping"u8): draft.Shipping = Money(ref r); return true;
            case var n when n.SequenceEqual("order_total"u8): draft.Total = Money(ref r); return true;
            case var n when n.SequenceEqual("channel"u8): draft.Channel = Label(ref r, pool); return true;
            case var n when n.SequenceEqual("utm_source"u8): draft.UtmSource = Label(ref r, pool); return true;
            case var n when n.SequenceEqual("utm_medium"u8): draft.UtmMedium = Label(ref r, pool); return true;
            case var n when n.SequenceEqual("utm_campaign"u8): draft.UtmCampaign = Label(ref r, pool); return true;
            default: return false;
        }
    }

    private static decimal Money(ref Utf8JsonReader r)
    {
        decimal value = r.GetDecimal();
        return value >= 0 ? value : throw new NegativeMoneyException($"order money {value} is negative");
    }

    /// <summary>Order money below zero: SPEC's <c>price</c> reason where a reader counts refusals.</summary>
    internal sealed class NegativeMoneyException(string message) : FormatException(message);

    private static string? Label(ref Utf8JsonReader r, StringPool? pool)
    {
        string text = r.GetString() ?? "";
        if (System.Text.Encoding.UTF8.GetByteCount(text) > EventDetails.MaxTextBytes)
            throw new FormatException($"a text field is over {EventDetails.MaxTextBytes} bytes");
        if (text.Length == 0)
            return null;
        return pool is not null && !r.ValueIsEscaped ? pool.Intern(r.ValueSpan) : text;
    }
}
