using System.Globalization;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Analytics;

/// <summary>The REES46 sample's rows, deduplicated and parsed the plain way, for LINQ recomputations.</summary>
internal static class SampleRows
{
    public sealed record Row(DateTime Hour, string Type, long Product, string Category, decimal Price);

    public static readonly Lazy<List<Row>> All = new(() => File.ReadAllLines(RepoPaths.Rees46Sample)
        .Skip(1)
        .Distinct(StringComparer.Ordinal)
        .Select(l => l.Split(','))
        .Select(f => new Row(
            DateTime.ParseExact(f[0][..13], "yyyy-MM-dd HH", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            f[1],
            long.Parse(f[2], CultureInfo.InvariantCulture),
            f[4].Split('.')[0],
            decimal.Parse(f[6], CultureInfo.InvariantCulture)))
        .ToList());

    /// <summary>Views, carts, purchases and revenue of a group of rows.</summary>
    public static (long Views, long Carts, long Purchases, decimal Revenue) Funnel(IEnumerable<Row> rows)
    {
        var list = rows.ToList();
        return (list.Count(r => r.Type == "view"), list.Count(r => r.Type == "cart"), list.Count(r => r.Type == "purchase"),
            list.Where(r => r.Type == "purchase").Sum(r => r.Price));
    }
}
