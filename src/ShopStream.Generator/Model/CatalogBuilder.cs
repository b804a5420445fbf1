using Bogus;
using ShopStream.Generator.Randomness;

namespace ShopStream.Generator.Model;

/// <summary>Builds the <see cref="Catalog"/> from the seed: categories by popularity, brands per category, log-normal prices.</summary>
internal static class CatalogBuilder
{
    private const double NoCodeShare = 0.267;
    private const double NoBrandShare = 0.24;
    private const double SaleShare = 0.08;

    /// <summary>
    /// As in REES46, a category id has its code on every product or on none (0 of the sample's 304 ids have both):
    /// categories in a random order lose their code while they hold at most <see cref="NoCodeShare"/> of the products
    /// (by their weights). A stream of its own, so that the catalogue's brands and prices stay each seed's.
    /// </summary>
    private static bool[] LeavesWithCodes(IReadOnlyList<CategoryTable.Leaf> leaves, ulong seed)
    {
        var rng = new Xoshiro256(seed ^ 0xC0DE_C0DEUL);
        var order = Enumerable.Range(0, leaves.Count).ToArray();
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        double total = leaves.Sum(l => l.Weight), without = 0;
        var hasCode = new bool[leaves.Count];
        foreach (int c in order)
        {
            // A category goes without its code when that keeps the share within the target: the small ones fill it up.
            bool drop = without + leaves[c].Weight <= NoCodeShare * total;
            hasCode[c] = !drop;
            if (drop)
                without += leaves[c].Weight;
        }

        return hasCode;
    }

    public static Catalog Build(int products, ulong seed)
    {
        var rng = new Xoshiro256(seed ^ 0xCA7A_1065UL);
        var leaves = CategoryTable.Leaves;
        var leafIds = new long[leaves.Length];
        long categoryId = 2_053_013_552_226_107_603L;
        for (int c = 0; c < leaves.Length; c++)
        {
            categoryId += 1 + (long)(rng.NextUInt64() % 180_000_000_000_000UL);
            leafIds[c] = categoryId;
        }

        var leafHasCode = LeavesWithCodes(leaves, seed);

        var brandsByLeaf = BrandsByLeaf(leaves.Length, seed, ref rng);
        var cumulative = new double[leaves.Length];
        double total = 0;
        for (int c = 0; c < leaves.Length; c++)
            cumulative[c] = total += leaves[c].Weight;

        var ids = new long[products];
        var leaf = new int[products];
        var hasCode = new bool[products];
        var brand = new string[products];
        var price = new long[products];
        var onSale = new bool[products];
        long productId = 1_000_000;
        for (int p = 0; p < products; p++)
        {
            productId += 1 + rng.Next(1500);
            ids[p] = productId;
            int c = rng.Pick(cumulative);
            leaf[p] = c;
            _ = rng.Chance(NoCodeShare); // the draw that once decided the code per product, kept so the stream after it is unchanged
            hasCode[p] = leafHasCode[c];
            var pool = brandsByLeaf[c];
            brand[p] = rng.Chance(NoBrandShare) ? "" : pool[rng.Skewed(pool.Length, 2.2)];
            double median = leaves[c].MedianPrice;
            double value = Math.Clamp(rng.LogNormal(median, leaves[c].Sigma), Math.Max(0.88, median / 12), median * 12);
            onSale[p] = rng.Chance(SaleShare);
            if (onSale[p])
                value *= 0.7 + (0.2 * rng.NextDouble());
            price[p] = Math.Max(88, (long)Math.Round(value * 100));
        }

        var offsets = new int[leaves.Length + 1];
        foreach (int c in leaf)
            offsets[c + 1]++;
        for (int c = 0; c < leaves.Length; c++)
            offsets[c + 1] += offsets[c];
        var members = new int[products];
        var fill = offsets[..^1].ToArray();
        for (int p = 0; p < products; p++)
            members[fill[leaf[p]]++] = p;

        return new Catalog
        {
            ProductIds = ids,
            Leaf = leaf,
            LeafCategoryIds = leafIds,
            HasCode = hasCode,
            Brand = brand,
            PriceCents = price,
            OnSale = onSale,
            SaleProducts = Enumerable.Range(0, products).Where(p => onSale[p]).DefaultIfEmpty(0).ToArray(),
            CategoryMembers = members,
            CategoryOffsets = offsets,
        };
    }

    /// <summary>Product descriptions for order lines (UCI style: upper case, no commas), from Bogus with their own seed.</summary>
    public static string[] Descriptions(Catalog catalog, ulong seed)
    {
        var faker = new Faker("en") { Random = new Randomizer(SeedOf(seed, 0x0DE5)) };
        var names = new string[catalog.Count];
        for (int p = 0; p < names.Length; p++)
        {
            string code = CategoryTable.Leaves[catalog.Leaf[p]].Code;
            string kind = code[(code.LastIndexOf('.') + 1)..].Replace('_', ' ');
            string brand = catalog.Brand[p].Length > 0 ? catalog.Brand[p] + " " : "";
            names[p] = Clean($"{faker.Commerce.ProductAdjective()} {brand}{kind} {faker.Commerce.ProductMaterial()}").ToUpperInvariant();
        }

        return names;
    }

    /// <summary>For each leaf, its brands, most frequent first: known brands spread over leaves plus Bogus-made ones.</summary>
    private static string[][] BrandsByLeaf(int leaves, ulong seed, ref Xoshiro256 rng)
    {
        var faker = new Faker("en") { Random = new Randomizer(SeedOf(seed, 0xB7A2D)) };
        var made = new List<string>();
        var seen = new HashSet<string>(Brands.Known, StringComparer.Ordinal);
        while (made.Count < 160)
        {
            string name = Clean(faker.Company.CompanyName().Split(' ', '-', ',')[0]).ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
            if (name.Length >= 3 && seen.Add(name))
                made.Add(name);
        }

        var result = new string[leaves][];
        for (int c = 0; c < leaves; c++)
        {
            int count = 6 + rng.Next(18);
            var set = new List<string>(count);
            while (set.Count < count)
            {
                string b = rng.Chance(0.75) ? Brands.Known[rng.Skewed(Brands.Known.Length, 1.8)] : made[rng.Next(made.Count)];
                if (!set.Contains(b))
                    set.Add(b);
            }

            result[c] = [.. set];
        }

        return result;
    }

    /// <summary>Keeps letters, digits, spaces and dashes: safe in CSV and JSON without quoting or escaping.</summary>
    public static string Clean(string text) =>
        new(text.Where(ch => char.IsAsciiLetterOrDigit(ch) || ch is ' ' or '-').ToArray());

    public static int SeedOf(ulong seed, ulong stream) => (int)(Xoshiro256.Mix(seed ^ (stream * 0x9E3779B97F4A7C15UL)) & 0x7FFF_FFFF);
}
