namespace ShopStream.Analytics.Reporting;

/// <summary>A product's sales.</summary>
public sealed record ProductRow(long ProductId, string? Category, string? Brand, long Units, decimal Revenue);
