using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Core.Validation;

namespace ShopStream.Kafka.Consumer;

/// <summary>
/// What ingest validation refuses that an events topic can still carry: records another producer wrote (ShopStream's
/// own ingest validated its records before publishing them). The group reader dead-letters such a record, with the
/// reason, as it does one it cannot read: a price of 5·10^28 from another producer overflowed the run's revenue and
/// stopped <c>process</c>. Replaying a topic (<see cref="KafkaLogReader"/>) does not check: it must read what it holds.
/// </summary>
internal static class ForeignEvents
{
    /// <summary>Why <paramref name="e"/> is refused, as a dead letter's reason (SPEC's name first), or null.</summary>
    public static (RejectReason Code, string Reason)? Refusal(in ShopEvent e)
    {
        if (FieldRules.Price(e.Price) != RejectReason.None)
            return (RejectReason.Price, $"price: {e.Price} is negative or above {FieldRules.MaxPrice}");
        if (FieldRules.Quantity(e.Quantity) != RejectReason.None)
            return (RejectReason.Number, $"number: quantity {e.Quantity} is beyond ±{FieldRules.MaxQuantity}");
        if (FieldRules.Line(e.Price, e.Quantity) != RejectReason.None)
            return (RejectReason.Price, $"price: the line's revenue, {e.Price} × {e.Quantity}, is above {FieldRules.MaxLineRevenue}");
        if (e.Details is { } d && new[] { d.Subtotal, d.Tax, d.Shipping, d.Total }.Any(m => m is { } money && FieldRules.Price(money) != RejectReason.None))
            return (RejectReason.Price, $"price: order money is negative or above {FieldRules.MaxPrice}");
        string?[] texts = [e.CategoryCode, e.Brand, e.SessionText, e.SourceEventId, e.OrderId, e.Country, e.UserAgent, e.Ip,
            e.Details?.PaymentMethod, e.Details?.Channel, e.Details?.UtmSource, e.Details?.UtmMedium, e.Details?.UtmCampaign];
        return texts.Any(t => t is not null && t.Contains('\0', StringComparison.Ordinal)) ? (RejectReason.Encoding, "encoding: a text field holds a NUL character") : null;
    }
}
