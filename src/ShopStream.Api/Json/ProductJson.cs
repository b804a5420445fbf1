namespace ShopStream.Api.Json;

/// <summary>A product's funnel over the run, with its rank (1 = best) in the requested order.</summary>
public sealed record ProductJson(int Rank, long ProductId, long Views, long Carts, long Purchases, decimal Revenue);
