using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Api.Json;

/// <summary>A <c>gold/profiles</c> row as JSON, SPEC's column names (snake_case by the API's naming policy).</summary>
public sealed record ProfileJson(
    long UserId, int Events, int Views, int Carts, int Removes, int Purchases, decimal Revenue,
    DateTime FirstSeen, DateTime LastSeen, int Sessions, int ProductsViewed, string? TopCategory, string? TopBrand, string Segment)
{
    public static ProfileJson Of(in CustomerProfile p) => new(
        p.UserId, p.Events, p.Views, p.Carts, p.Removes, p.Purchases, Money.Cents(p.Revenue),
        p.FirstSeen, p.LastSeen, p.Sessions, p.ProductsViewed, p.TopCategory, p.TopBrand, SegmentRules.Name(p.Segment));
}
