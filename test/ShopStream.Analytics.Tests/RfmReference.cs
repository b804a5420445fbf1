using System.Globalization;

namespace ShopStream.Analytics.Tests;

/// <summary>
/// SPEC's RFM recomputed in plain C# straight from a UCI Online Retail CSV, independently of the model's SQL: lines
/// deduplicated on their canonical fields within the dedup horizon (SPEC "Deduplication"), non-cancelled,
/// Quantity > 0, UnitPrice > 0, with a CustomerID; NTILE(5) by hand.
/// </summary>
internal static class RfmReference
{
    public sealed record Row(long CustomerId, long RecencyDays, long Frequency, decimal Monetary, int R, int F, int M, string Segment);

    public static List<Row> FromOrdersCsv(string path)
    {
        // SPEC "Deduplication" as the README says the stream keeps it, in file order: fingerprints are kept by minute
        // of event time and forgotten once the watermark (the latest time less the allowed disorder, 5 minutes) is the
        // horizon (48 h) past that minute's end. A line equal to an earlier one is a duplicate while its minute is
        // kept; a line whose minute is forgotten already is none. The sample is shuffled, so most of its lines come
        // when their minute is long forgotten.
        var kept = new HashSet<(string, string, int, DateTime, decimal, string, string)>();
        var latest = DateTime.MinValue;
        bool Counted((string Invoice, string Stock, int Quantity, DateTime Time, decimal Price, string Customer, string Country) line)
        {
            if (line.Time > latest)
                latest = line.Time;
            var minuteEnd = line.Time.AddTicks(TimeSpan.TicksPerMinute - (line.Time.Ticks % TimeSpan.TicksPerMinute));
            bool forgotten = minuteEnd + TimeSpan.FromHours(48) <= latest - TimeSpan.FromMinutes(5);
            return forgotten || kept.Add(line);
        }

        var lines = File.ReadLines(path).Skip(1)
            .Select(Split)
            .Select(f => (Invoice: f[0], Stock: f[1], Quantity: int.Parse(f[3], CultureInfo.InvariantCulture),
                Time: DateTime.Parse(f[4], CultureInfo.InvariantCulture), Price: decimal.Parse(f[5], CultureInfo.InvariantCulture), Customer: f[6], Country: f[7]))
            .Where(Counted)
            .Where(l => !l.Invoice.StartsWith('C') && l.Quantity > 0 && l.Price > 0 && l.Customer is not ("" or "nan" or "NaN"))
            .Select(l => (l.Invoice, l.Time, Amount: l.Quantity * l.Price, Customer: (long)decimal.Parse(l.Customer, CultureInfo.InvariantCulture)))
            .ToList();
        DateTime reference = lines.Max(l => l.Time).Date.AddDays(1);
        var customers = lines.GroupBy(l => l.Customer).Select(g => (
            Id: g.Key,
            Recency: (long)(reference - g.Max(l => l.Time).Date).TotalDays,
            Frequency: (long)g.Select(l => l.Invoice).Distinct().Count(),
            Monetary: g.Sum(l => l.Amount))).ToList();
        var r = Ntile(customers.OrderByDescending(c => c.Recency).ThenBy(c => c.Id).Select(c => c.Id).ToList());
        var f = Ntile(customers.OrderBy(c => c.Frequency).ThenBy(c => c.Id).Select(c => c.Id).ToList());
        var m = Ntile(customers.OrderBy(c => c.Monetary).ThenBy(c => c.Id).Select(c => c.Id).ToList());
        return customers.OrderBy(c => c.Id)
            .Select(c => new Row(c.Id, c.Recency, c.Frequency, Math.Round(c.Monetary, 2, MidpointRounding.AwayFromZero), r[c.Id], f[c.Id], m[c.Id], Segment(r[c.Id], f[c.Id])))
            .ToList();
    }

    public static string Segment(int r, int f) =>
        r >= 4 && f >= 4 ? "champions"
        : r >= 3 && f >= 3 ? "loyal"
        : r >= 4 && f == 1 ? "new"
        : r >= 4 ? "promising"
        : r <= 2 && f >= 3 ? "at_risk"
        : r <= 2 ? "hibernating"
        : "need_attention";

    /// <summary>SQL NTILE(5) over rows in the given order: the first (n mod 5) buckets hold one row more.</summary>
    private static Dictionary<long, int> Ntile(List<long> ordered)
    {
        int n = ordered.Count, size = n / 5, extra = n % 5;
        var tiles = new Dictionary<long, int>();
        int index = 0;
        for (int bucket = 1; bucket <= 5; bucket++)
        {
            int take = size + (bucket <= extra ? 1 : 0);
            for (int i = 0; i < take; i++)
                tiles[ordered[index++]] = bucket;
        }

        return tiles;
    }

    /// <summary>RFC 4180 fields of one line (quotes open a field only at its start).</summary>
    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
