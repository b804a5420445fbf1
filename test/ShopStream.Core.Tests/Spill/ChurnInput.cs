using System.Globalization;

namespace ShopStream.Core.Tests.Spill;

/// <summary>
/// REES46 rows over six days where users come and go: each visits a few times, days apart (so a short state
/// horizon spills them between visits), with local disorder within the allowed 5 minutes, exact duplicates,
/// late rows (hours behind, for users spilled by then), heavy viewers (past the inline and array sizes of the
/// viewed-product set) and categories and brands with tied counts.
/// </summary>
internal static class ChurnInput
{
    private static readonly string[] s_categories = ["electronics.smartphone", "appliances.kitchen", "computers.notebook", "apparel.shoes", ""];
    private static readonly string[] s_brands = ["acme", "zeta", "beta", ""];
    private static readonly string[] s_types = ["view", "view", "view", "view", "cart", "remove_from_cart", "purchase"];

    public static string Csv(int users, int seed)
    {
        var random = new Random(seed);
        var rows = new List<(DateTime Time, string Row)>();
        for (long user = 1; user <= users; user++)
        {
            int visits = 1 + random.Next(4);
            for (int v = 0; v < visits; v++)
            {
                var time = Rees46Rows.T0.AddMinutes(random.Next(6 * 24 * 60));
                int events = user % 17 == 0 ? 25 : 1 + random.Next(5);
                for (int e = 0; e < events; e++)
                {
                    time = time.AddSeconds(random.Next(1, 600));
                    string row = Rees46Rows.Row(
                        time, s_types[random.Next(s_types.Length)], product: 1 + random.Next(40), user: user,
                        price: (1 + random.Next(500)).ToString(CultureInfo.InvariantCulture) + ".25",
                        category: s_categories[random.Next(s_categories.Length)], brand: s_brands[random.Next(s_brands.Length)],
                        session: $"00000000-0000-0000-0000-{user * 10 + v:D12}");
                    rows.Add((time, row));
                }
            }
        }

        rows.Sort((a, b) => a.Time.CompareTo(b.Time));
        var lines = new List<string>(rows.Count + rows.Count / 10);
        for (int i = 0; i < rows.Count; i++)
        {
            // Swap neighbours less than the allowed disorder apart: out of order, but not late.
            if (i + 1 < rows.Count && random.Next(10) == 0 && rows[i + 1].Time - rows[i].Time < TimeSpan.FromMinutes(4))
                (rows[i], rows[i + 1]) = (rows[i + 1], rows[i]);
            lines.Add(rows[i].Row);
            if (random.Next(50) == 0)
                lines.Add(rows[i].Row);
            if (i > 200 && random.Next(60) == 0)
                lines.Add(rows[i - 200].Row.Replace(",view,", ",cart,", StringComparison.Ordinal));
        }

        return Rees46Rows.Csv(lines);
    }
}
