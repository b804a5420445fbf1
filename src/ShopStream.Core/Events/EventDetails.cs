namespace ShopStream.Core.Events;

/// <summary>
/// The optional order and attribution fields of an event (richer sources: JSON lines, the generator, the HTTP
/// collector, Kafka): an order's payment method and money as its source states them, and the marketing channel and
/// UTM fields of the visit. They are not canonical fields (SPEC), so they are not in the dedup fingerprint: two events
/// differing only here are duplicates. Immutable, so one instance is shared by the events that carry the same values
/// (an order's lines, a visit's events); null on <see cref="ShopEvent.Details"/> for events without any of them.
/// </summary>
public sealed record EventDetails
{
    /// <summary>The longest text value accepted, in UTF-8 bytes (a longer one is rejected as <c>too_large</c>).</summary>
    public const int MaxTextBytes = 200;

    public string? PaymentMethod { get; init; }

    /// <summary>The order's subtotal as the source states it (JSON <c>order_subtotal</c>), not recomputed from lines.</summary>
    public decimal? Subtotal { get; init; }

    public decimal? Tax { get; init; }

    public decimal? Shipping { get; init; }

    /// <summary>The order's total as the source states it (JSON <c>order_total</c>).</summary>
    public decimal? Total { get; init; }

    /// <summary>The marketing channel of the visit (<c>organic</c>, <c>paid_search</c>, <c>email</c>, ...).</summary>
    public string? Channel { get; init; }

    public string? UtmSource { get; init; }

    public string? UtmMedium { get; init; }

    public string? UtmCampaign { get; init; }
}
