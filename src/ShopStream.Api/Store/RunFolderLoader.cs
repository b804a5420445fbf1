using ShopStream.Core.Output;
using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Windows;

namespace ShopStream.Api.Store;

/// <summary>
/// Loads a finished run's output folder (the files <c>shopstream run --out DIR</c> writes) into a
/// <see cref="RunSnapshot"/>. <c>summary.json</c> is written last, so its presence means the run finished;
/// without it there is nothing to load yet. Tables a run did not write load as empty.
/// </summary>
internal static class RunFolderLoader
{
    public static RunSnapshot? Load(RunDirectory run)
    {
        if (!File.Exists(run.SummaryFile))
            return null;
        var writtenAt = File.GetLastWriteTimeUtc(run.SummaryFile);
        var summary = run.ReadSummary();
        var profiles = Profiles(CsvTable.OpenIfExists(run.ProfilesFile));
        // A run writes its results before its summary: a folder whose profiles are not its summary's users mixes two
        // runs (one stopped while writing its results) or was edited, and would answer profiles of another run.
        if (File.Exists(run.ProfilesFile) && profiles.Length != summary.Users)
        {
            throw new InvalidDataException(
                $"'{run.ProfilesFile}' holds {profiles.Length:N0} profiles where summary.json counts {summary.Users:N0} users: it is damaged, or from another run than the summary; run again to write both");
        }

        return new RunSnapshot(
            summary,
            profiles,
            Windows(CsvTable.OpenIfExists(run.HourlyMetricsFile), TimeSpan.FromHours(1)),
            Windows(CsvTable.OpenIfExists(run.MinuteMetricsFile), TimeSpan.FromMinutes(1)),
            Products(CsvTable.OpenIfExists(run.ProductHourlyFile)),
            Alerts(CsvTable.OpenIfExists(run.AlertsFile)),
            writtenAt);
    }

    private static CustomerProfile[] Profiles(CsvTable? table)
    {
        if (table is not { } t)
            return [];
        using var _ = t;
        int userId = t.Column("user_id"), events = t.Column("events"), views = t.Column("views"), carts = t.Column("carts"),
            removes = t.Column("removes"), purchases = t.Column("purchases"), revenue = t.Column("revenue"),
            firstSeen = t.Column("first_seen"), lastSeen = t.Column("last_seen"), sessions = t.Column("sessions"),
            productsViewed = t.Column("products_viewed"), topCategory = t.Column("top_category"), topBrand = t.Column("top_brand"),
            segment = t.Column("segment");
        var result = new List<CustomerProfile>();
        foreach (var r in t.Rows())
        {
            result.Add(new CustomerProfile(
                CsvTable.Long(r[userId]), (int)CsvTable.Long(r[events]), (int)CsvTable.Long(r[views]), (int)CsvTable.Long(r[carts]),
                (int)CsvTable.Long(r[removes]), (int)CsvTable.Long(r[purchases]), CsvTable.Decimal(r[revenue]),
                CsvTable.Time(r[firstSeen]), CsvTable.Time(r[lastSeen]), (int)CsvTable.Long(r[sessions]),
                (int)CsvTable.Long(r[productsViewed]), CsvTable.Text(r[topCategory]), CsvTable.Text(r[topBrand]),
                SegmentRules.Parse(r[segment]) ?? throw new InvalidDataException($"'{t.File}': unknown segment '{r[segment]}'")));
        }

        return [.. result];
    }

    private static WindowResult[] Windows(CsvTable? table, TimeSpan size)
    {
        if (table is not { } t)
            return [];
        using var _ = t;
        int start = t.Column("window_start"), events = t.Column("events"), views = t.Column("views"), carts = t.Column("carts"),
            removes = t.Column("removes"), purchases = t.Column("purchases"), revenue = t.Column("revenue"), users = t.Column("users");
        return t.Rows().Select(r =>
        {
            var s = CsvTable.Time(r[start]);
            return new WindowResult(s, s + size, CsvTable.Long(r[events]), CsvTable.Long(r[views]), CsvTable.Long(r[carts]),
                CsvTable.Long(r[removes]), CsvTable.Long(r[purchases]), CsvTable.Decimal(r[revenue]), CsvTable.Long(r[users]), WindowResultKind.Final);
        }).OrderBy(w => w.WindowStart).ToArray();
    }

    private static ProductTotal[] Products(CsvTable? table)
    {
        if (table is not { } t)
            return [];
        using var _ = t;
        int product = t.Column("product_id"), views = t.Column("views"), carts = t.Column("carts"),
            purchases = t.Column("purchases"), revenue = t.Column("revenue");
        var totals = new Dictionary<long, (long Views, long Carts, long Purchases, decimal Revenue)>();
        foreach (var r in t.Rows())
        {
            long id = CsvTable.Long(r[product]);
            var sum = totals.GetValueOrDefault(id);
            totals[id] = (sum.Views + CsvTable.Long(r[views]), sum.Carts + CsvTable.Long(r[carts]),
                sum.Purchases + CsvTable.Long(r[purchases]), sum.Revenue + CsvTable.Decimal(r[revenue]));
        }

        return totals.Select(kv => new ProductTotal(kv.Key, kv.Value.Views, kv.Value.Carts, kv.Value.Purchases, kv.Value.Revenue)).ToArray();
    }

    private static Alert[] Alerts(CsvTable? table)
    {
        if (table is not { } t)
            return [];
        using var _ = t;
        int type = t.Column("type"), key = t.Column("key"), start = t.Column("window_start"), end = t.Column("window_end"),
            observed = t.Column("observed"), expected = t.Column("expected");
        return t.Rows().Select(r => new Alert(r[type], r[key], CsvTable.Time(r[start]), CsvTable.Time(r[end]),
            CsvTable.Decimal(r[observed]), CsvTable.Decimal(r[expected]))).ToArray();
    }
}
