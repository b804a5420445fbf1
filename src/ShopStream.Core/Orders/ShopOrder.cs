namespace ShopStream.Core.Orders;

/// <summary>
/// A whole order in the transaction shape of the orders topic: its lines as <see cref="Items"/>, the order-level
/// fields once. <see cref="OrderTime"/> is the earliest line's event time, <see cref="Subtotal"/> the sum of the
/// lines' <c>price * quantity</c>; payment, tax, shipping, total and attribution are those the source gave on the
/// first line in event-time order (on a tie, the first to arrive), null when it gave none.
/// </summary>
public sealed record ShopOrder
{
    public required string OrderId { get; init; }

    public required long UserId { get; init; }

    public required DateTime OrderTime { get; init; }

    public required IReadOnlyList<OrderItem> Items { get; init; }

    public required decimal Subtotal { get; init; }

    public string? PaymentMethod { get; init; }

    public decimal? Tax { get; init; }

    public decimal? Shipping { get; init; }

    public decimal? Total { get; init; }

    /// <summary>ISO 4217 code when a producer states one; ShopStream's sources have none.</summary>
    public string? Currency { get; init; }

    public string? Channel { get; init; }

    public string? UtmSource { get; init; }

    public string? UtmMedium { get; init; }

    public string? UtmCampaign { get; init; }
}
