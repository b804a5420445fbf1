using ShopStream.Core.Ingest;

namespace ShopStream.Generator.Tests;

/// <summary>The generated traffic has the configured funnel and the REES46 electronics store's shape.</summary>
public sealed class ProportionTests
{
    [Fact]
    public void Default_funnel_gives_the_REES46_electronics_proportions()
    {
        // A month of light traffic: long enough for most returning visits to happen.
        var options = new GeneratorOptions { Duration = TimeSpan.FromDays(30), SessionsPerHour = 70, Products = 20_000 };

        var (bytes, stats) = Generate.Run(options);
        var (summary, _) = Generate.Pipeline(bytes, InputFormat.Rees46);

        double view = summary.EventsOf("view"), cart = summary.EventsOf("cart"), purchase = summary.EventsOf("purchase");
        double total = view + cart + purchase;
        Assert.True(total > 80_000, $"{total} events");
        Assert.InRange(view / total, 0.892, 0.902);
        Assert.InRange(cart / total, 0.057, 0.065);
        Assert.InRange(purchase / total, 0.039, 0.045);
        Assert.InRange(summary.EventsOf("remove_from_cart") / cart, 0.09, 0.15);
        Assert.InRange(summary.EventsRead / (double)summary.Users, 2.0, 2.4);
        Assert.Equal(stats.Users, summary.Users);
        Assert.Equal(0, summary.DuplicatesDropped);
    }

    [Fact]
    public void A_configured_funnel_is_honoured()
    {
        var options = Generate.Options(60_000, OutputFormat.JsonLines) with
        {
            Funnel = FunnelRates.Rees46Electronics with { View = 0.7, Cart = 0.2, Purchase = 0.1, Remove = 0.3 },
        };

        var (bytes, _) = Generate.Run(options);
        var (summary, _) = Generate.Pipeline(bytes, InputFormat.JsonLines);

        double view = summary.EventsOf("view"), cart = summary.EventsOf("cart"), purchase = summary.EventsOf("purchase");
        double total = view + cart + purchase;
        Assert.InRange(view / total, 0.69, 0.71);
        Assert.InRange(cart / total, 0.19, 0.21);
        Assert.InRange(purchase / total, 0.092, 0.108);
        Assert.InRange(summary.EventsOf("remove_from_cart") / cart, 0.25, 0.35);
        Assert.True(summary.EventsOf("search") > 0);
    }

    [Fact]
    public void Users_come_from_every_country_in_about_its_share()
    {
        var (bytes, _) = Generate.Run(Generate.Options(50_000, OutputFormat.JsonLines));

        var countries = Generate.Lines(bytes)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Select(e => (User: e.GetProperty("user_id").GetInt64(), Country: e.TryGetProperty("country", out var c) ? c.GetString() : null))
            .Where(x => x.Country is not null).DistinctBy(x => x.User).CountBy(x => x.Country!).ToDictionary();
        double users = countries.Values.Sum();

        Assert.True(users > 5_000, $"{users} users");
        Assert.InRange(countries.GetValueOrDefault("GB") / users, 0.25, 0.35); // weight 30 of 100: every user was in GB
        Assert.InRange(countries.GetValueOrDefault("DE") / users, 0.12, 0.20);
        Assert.True(countries.Count >= 15, $"{countries.Count} countries");
    }

    [Fact]
    public void Products_lack_category_codes_and_brands_as_often_as_in_REES46()
    {
        var (bytes, _) = Generate.Run(Generate.Options(100_000) with { Products = 50_000 });

        var rows = Generate.Lines(bytes).Skip(1).Select(l => l.Split(',')).DistinctBy(f => f[2]).ToList();

        Assert.True(rows.Count > 5_000, $"{rows.Count} products seen");
        Assert.InRange(rows.Count(f => f[4].Length == 0) / (double)rows.Count, 0.24, 0.30); // 26.7%
        Assert.InRange(rows.Count(f => f[5].Length == 0) / (double)rows.Count, 0.21, 0.27); // 24.0%
        Assert.All(rows.Where(f => f[4].Length > 0), f => Assert.Contains('.', f[4]));
        // A category id has its code always or never, as in REES46 (all 77 generated ids were seen both ways).
        Assert.All(rows.GroupBy(f => f[3]), g => Assert.Single(g.Select(f => f[4]).Distinct()));
    }

    [Fact]
    public void Traffic_follows_the_day()
    {
        var (bytes, _) = Generate.Run(new GeneratorOptions { Duration = TimeSpan.FromDays(7), SessionsPerHour = 300, Products = 2_000 });

        var byHour = new long[24];
        foreach (var line in Generate.Lines(bytes).Skip(1))
            byHour[int.Parse(line.AsSpan(11, 2), System.Globalization.CultureInfo.InvariantCulture)]++;

        // Nights are quiet, afternoons busy: the 3:00 hour sees a fraction of the 17:00 hour's traffic.
        Assert.InRange(byHour[3] / (double)byHour[17], 0.05, 0.25);
    }
}
