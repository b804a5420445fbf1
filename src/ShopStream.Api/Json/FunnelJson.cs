namespace ShopStream.Api.Json;

/// <summary>
/// The run's funnel from its summary: events by step with the step rates (carts per view, purchases per cart,
/// purchases per view) and the session funnel (sessions with a cart, with a purchase, abandoned); rates to four places.
/// </summary>
public sealed record FunnelJson(
    long Views, long Carts, long Purchases, decimal ViewToCartRate, decimal CartToPurchaseRate, decimal ViewToPurchaseRate,
    long Sessions, long SessionsWithCart, long SessionsWithPurchase, long AbandonedSessions, decimal CartAbandonmentRate);
