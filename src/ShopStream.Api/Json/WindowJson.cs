using ShopStream.Core.Processing.Windows;

namespace ShopStream.Api.Json;

/// <summary>A window metrics row (<c>gold/hourly_metrics</c>, <c>gold/minute_metrics</c>) with its revenue to two places and its funnel rates to four.</summary>
public sealed record WindowJson(
    DateTime WindowStart, DateTime WindowEnd, long Events, long Views, long Carts, long Removes, long Purchases,
    decimal Revenue, long Users, decimal ViewToCartRate, decimal CartToPurchaseRate)
{
    public static WindowJson Of(in WindowResult w) => new(
        w.WindowStart, w.WindowEnd, w.Events, w.Views, w.Carts, w.Removes, w.Purchases, Money.Cents(w.Revenue), w.Users,
        Math.Round(w.ViewToCartRate, 4, MidpointRounding.AwayFromZero), Math.Round(w.CartToPurchaseRate, 4, MidpointRounding.AwayFromZero));
}
