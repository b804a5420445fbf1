using System.Text;
using ShopStream.Generator.Randomness;

namespace ShopStream.Benchmarks.Generation;

/// <summary>
/// The products events are about, each pre-rendered once as the CSV bytes
/// <c>product_id,category_id,category_code,brand,price</c>, so writing a row copies bytes instead of formatting.
/// Product <c>i</c> is more popular the smaller <c>i</c> is.
/// </summary>
internal sealed class ProductCatalog
{
    private const int Categories = 700;
    private readonly byte[] _bytes;
    private readonly int[] _offsets;

    public ProductCatalog(int products, GeneratorOptions options, ref Xoshiro256 rng)
    {
        var categoryIds = new long[Categories];
        long categoryId = 2_053_013_552_226_107_603L;
        for (int c = 0; c < Categories; c++)
        {
            categoryId += 1 + (long)(rng.NextUInt64() % 250_000_000_000_000UL);
            categoryIds[c] = categoryId;
        }

        var text = new StringBuilder(products * 64);
        _offsets = new int[products + 1];
        long productId = 1_000_000;
        var codes = CatalogNames.CategoryCodes;
        var brands = CatalogNames.Brands;
        for (int p = 0; p < products; p++)
        {
            productId += 1 + rng.Next(1500);
            int category = rng.Skewed(Categories, 1.6);
            string code = rng.Chance(options.EmptyCategoryCodeShare) ? "" : codes[category % codes.Length];
            string brand = rng.Chance(options.EmptyBrandShare) ? "" : brands[rng.Skewed(brands.Length, 2.0)];
            // Log-normal prices around 110 with the real file's range (a few cents to ~2,600).
            double price = Math.Clamp(Math.Exp(Math.Log(110) + (1.05 * rng.Normal())), 0.88, 2574.07);
            _offsets[p] = text.Length;
            text.Append(productId).Append(',').Append(categoryIds[category]).Append(',').Append(code).Append(',')
                .Append(brand).Append(',').Append(price.ToString("F2"));
        }

        _offsets[products] = text.Length;
        _bytes = Encoding.UTF8.GetBytes(text.ToString());
        Count = products;
    }

    public int Count { get; }

    public ReadOnlySpan<byte> Row(int product) => _bytes.AsSpan(_offsets[product], _offsets[product + 1] - _offsets[product]);
}
