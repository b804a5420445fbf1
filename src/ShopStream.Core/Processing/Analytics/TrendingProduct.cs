namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// One row of <c>trending_products</c>: a product ranked by the growth of its views over the previous hour,
/// <c>growth = (views - previous_views) / max(previous_views, 1)</c>.
/// </summary>
public readonly record struct TrendingProduct(DateTime WindowStart, int Rank, long ProductId, long Views, long PreviousViews, decimal Growth);
