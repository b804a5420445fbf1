namespace ShopStream.Generator.Tests;

/// <summary>Same options, same bytes; the run is bounded by events or by event time as asked.</summary>
public sealed class DeterminismTests
{
    [Theory]
    [InlineData(OutputFormat.Rees46, 20_000)]
    [InlineData(OutputFormat.JsonLines, 10_000)]
    [InlineData(OutputFormat.Orders, 1_500)]
    public void Same_seed_gives_byte_identical_output(OutputFormat format, int records)
    {
        var options = Generate.Options(records, format, seed: 7) with
        {
            Faults = new FaultRates { Duplicates = 0.01, Late = 0.01, Disorder = 0.05, Malformed = 0.005 },
        };

        var first = Generate.Run(options);
        var second = Generate.Run(options);

        Assert.Equal(first.Bytes, second.Bytes);
        Assert.NotEqual(first.Bytes, Generate.Run(options with { Seed = 8 }).Bytes);
    }

    [Fact]
    public void Each_start_is_traffic_of_its_own_with_ids_no_other_start_uses()
    {
        // A day at a time, each its own generate: the second day was the first shifted, with the same event, session,
        // user and order ids, so a run over both merged its orders into the first day's (0 orders on day two).
        var day1 = Generate.Options(3_000, OutputFormat.JsonLines);
        string[] Ids(GeneratorOptions options, string field) => Generate.Lines(Generate.Run(options).Bytes)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty(field, out _)).Select(e => e.GetProperty(field).ToString()).Distinct().ToArray();
        var starts = new[] { GeneratorOptions.DefaultStart, GeneratorOptions.DefaultStart.AddDays(1), GeneratorOptions.DefaultStart.AddDays(-1), GeneratorOptions.DefaultStart.AddMinutes(1) };

        foreach (string field in new[] { "event_id", "session_id", "user_id", "order_id" })
        {
            var ids = starts.Select(start => Ids(day1 with { Start = start }, field)).ToList();
            Assert.All(ids, set => Assert.NotEmpty(set));
            Assert.Equal(ids.Sum(set => set.Length), ids.SelectMany(set => set).Distinct().Count());
        }

        var invoices = starts.Take(2).Select(start => Generate.Lines(Generate.Run(Generate.Options(1_000, OutputFormat.Orders) with { Start = start }).Bytes).Skip(1).Select(l => l.Split(',')[0].TrimStart('C')).ToHashSet()).ToList();
        Assert.Empty(invoices[0].Intersect(invoices[1]));

        // The default start's traffic is the seed's, byte for byte as before starts had spaces of their own (the
        // hashes of this build's parent's output).
        Assert.Equal("7a589c068394459c119d4c8b5c4bc409d791da7c4ade5e5869b67692c089ef20", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Generate.Run(day1).Bytes)));
        Assert.Equal("6244c3a3856cd1160b2f3685b6189fb3a317fc097bd7f4b51066488918e42a41", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Generate.Run(Generate.Options(1_000, OutputFormat.Orders)).Bytes)));
    }

    [Theory]
    [InlineData(OutputFormat.Orders)]
    [InlineData(OutputFormat.JsonLines)]
    public void Asking_for_the_inventory_output_leaves_the_traffic_byte_for_byte_as_it_was(OutputFormat format)
    {
        // Stock refills share the queue of later events with cancellations: refills made same-second cancellation
        // lines come out in another order, with their invoice numbers swapped (orders, line 6,724 of 50,000).
        var options = Generate.Options(50_000, format) with { Products = 50_000 };
        using var traffic = new MemoryStream();
        using var withInventory = new MemoryStream();
        using var inventory = new MemoryStream();

        new TrafficGenerator(options).Run(traffic);
        new TrafficGenerator(options).Run(withInventory, inventory: inventory);

        Assert.True(inventory.Length > 0);
        Assert.Equal(traffic.ToArray(), withInventory.ToArray());
    }

    [Fact]
    public void Events_bounds_the_records_written_faults_included()
    {
        var options = Generate.Options(12_345) with { Faults = new FaultRates { Duplicates = 0.05, Malformed = 0.01, Late = 0.01 } };

        var (bytes, stats) = Generate.Run(options);

        Assert.Equal(12_345, stats.Records);
        Assert.Equal(12_345 + 1, Generate.Lines(bytes).Length); // and the header
        Assert.Equal(stats.Records, stats.Events + stats.Duplicates + stats.Malformed);
    }

    [Fact]
    public void Duration_generates_that_much_event_time()
    {
        var options = new GeneratorOptions { Duration = TimeSpan.FromHours(6), SessionsPerHour = 2_000, Products = 2_000 };

        var (bytes, stats) = Generate.Run(options);

        Assert.True(stats.FirstEventTime >= options.Start, $"first {stats.FirstEventTime}");
        Assert.True(stats.LastEventTime < options.Start.AddHours(6), $"last {stats.LastEventTime}");
        Assert.True(stats.LastEventTime > options.Start.AddHours(5.9), $"last {stats.LastEventTime}");
        Assert.Equal(stats.Records + 1, Generate.Lines(bytes).Length);
        Assert.StartsWith("2019-10-01 05:5", Generate.Lines(bytes)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_inventory_output_does_not_change_the_traffic()
    {
        var options = Generate.Options(5_000, OutputFormat.JsonLines);
        using var traffic = new MemoryStream();
        using var inventory = new MemoryStream();

        var stats = new TrafficGenerator(options).Run(traffic, inventory: inventory);

        Assert.Equal(Generate.Run(options).Bytes, traffic.ToArray());
        Assert.True(stats.InventoryUpdates > 5_000);
        var lines = Generate.Lines(inventory.ToArray());
        Assert.Contains(lines, l => l.Contains("\"reason\":\"order\"", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.StartsWith("{\"event_time\":\"2019-10-0", l, StringComparison.Ordinal));
    }
}
