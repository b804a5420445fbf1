namespace ShopStream.Generator.Model;

/// <summary>
/// The shop's products, as parallel arrays indexed by product (index 0 is the most popular). Prices are in cents.
/// Built once from the seed (<see cref="CatalogBuilder"/>); read-only afterwards.
/// </summary>
internal sealed class Catalog
{
    public required long[] ProductIds { get; init; }
    public required int[] Leaf { get; init; }
    public required long[] LeafCategoryIds { get; init; }
    /// <summary>False for products listed without a category_code (26.7% in REES46); their category_id is still known.</summary>
    public required bool[] HasCode { get; init; }
    /// <summary>Empty for products without a brand (24.0% in REES46).</summary>
    public required string[] Brand { get; init; }
    public required long[] PriceCents { get; init; }
    public required bool[] OnSale { get; init; }
    /// <summary>Products on sale, most popular first.</summary>
    public required int[] SaleProducts { get; init; }
    /// <summary>Products of each leaf category, most popular first: members [offsets[c], offsets[c + 1]).</summary>
    public required int[] CategoryMembers { get; init; }
    public required int[] CategoryOffsets { get; init; }

    public int Count => ProductIds.Length;

    public string CategoryCode(int product) => HasCode[product] ? CategoryTable.Leaves[Leaf[product]].Code : "";

    public long CategoryId(int product) => LeafCategoryIds[Leaf[product]];

    public ReadOnlySpan<int> InCategory(int leaf) => CategoryMembers.AsSpan(CategoryOffsets[leaf], CategoryOffsets[leaf + 1] - CategoryOffsets[leaf]);
}
