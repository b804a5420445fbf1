namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// A product with the category_code its event carried: one dictionary entry serves both the product's and the
/// category's counts, so an event costs one lookup. Hashed by product id only (a product nearly always has one
/// code); codes are interned by the parsers, so they usually compare by reference. A struct with its own
/// equality, so the dictionary's default comparer is inlined rather than called through an interface.
/// </summary>
internal readonly struct ProductKey(long productId, string? categoryCode) : IEquatable<ProductKey>
{
    public long ProductId { get; } = productId;

    public string? CategoryCode { get; } = categoryCode;

    public bool Equals(ProductKey other) =>
        ProductId == other.ProductId
        && (ReferenceEquals(CategoryCode, other.CategoryCode) || string.Equals(CategoryCode, other.CategoryCode, StringComparison.Ordinal));

    public override bool Equals(object? obj) => obj is ProductKey other && Equals(other);

    public override int GetHashCode() => ProductId.GetHashCode();
}
