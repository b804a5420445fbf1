using System.Globalization;
using System.Text.Json;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary>`run --inventory` on generated traffic: stock equals an independent sum of the changes, nothing lost.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class InventoryRunTests
{
    [Fact]
    public void Run_with_inventory_writes_current_stock_and_low_stock_alerts()
    {
        using var temp = new TempFolder();
        string events = temp.File("events.csv"), inventory = temp.File("inventory.jsonl"), output = temp.File("out");
        Assert.Equal(0, Cli.Run("generate", "-n", "3000", "--seed", "9", "--products", "500", "--to", events, "--inventory", inventory, "--quiet").ExitCode);
        File.AppendAllText(inventory, "{\"not\": \"a change\"}\n");

        var (code, error) = Cli.Run("run", "--input", events, "--inventory", inventory, "--out", output, "--quiet");

        Assert.Equal((0, ""), (code, error));
        var changes = File.ReadLines(inventory).SkipLast(1).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (Product: e.GetProperty("product_id").GetInt64(), Warehouse: e.GetProperty("warehouse").GetString()!, Delta: e.GetProperty("delta").GetInt64()))
            .ToList();
        var expected = changes.GroupBy(c => (c.Product, c.Warehouse))
            .OrderBy(g => g.Key.Product).ThenBy(g => g.Key.Warehouse, StringComparer.Ordinal)
            .Select(g => $"{g.Key.Product},{g.Key.Warehouse},{g.Sum(c => c.Delta).ToString(CultureInfo.InvariantCulture)}")
            .ToList();
        var rows = File.ReadLines(Path.Combine(output, "inventory.csv")).Skip(1).Select(r => string.Join(',', r.Split(',').Take(3))).ToList();
        Assert.Equal(expected, rows);
        Assert.Contains("\"reason\":\"event_time\"", File.ReadAllText(Path.Combine(output, "rejected", "rejected.jsonl")), StringComparison.Ordinal);

        // Low-stock alerts: one per fall from at least 5 to below 5, recomputed here in file order.
        var stock = new Dictionary<(long, string), long>();
        int falls = 0;
        foreach (var c in changes)
        {
            bool known = stock.TryGetValue((c.Product, c.Warehouse), out long before);
            stock[(c.Product, c.Warehouse)] = before + c.Delta;
            if (known && before >= 5 && before + c.Delta < 5)
                falls++;
        }

        Assert.Equal(falls, File.ReadLines(Path.Combine(output, "alerts.csv")).Count(l => l.StartsWith("low_stock,", StringComparison.Ordinal)));

        // A later run into the folder without --inventory leaves no stock behind to pass for its own.
        Assert.Equal(0, Cli.Run("run", "--input", events, "--out", output, "--quiet", "--from-scratch").ExitCode);
        Assert.False(File.Exists(Path.Combine(output, "inventory.csv")));
    }

    [Fact]
    public void An_inventory_of_which_every_line_is_rejected_exits_2_with_its_results_written()
    {
        using var temp = new TempFolder();
        string output = temp.File("out");

        // The events file given as the inventory too: each line a rejected stock change (exit 0, inventory.csv empty).
        var (code, error) = Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--inventory", RepoPaths.Rees46Sample, "--out", output, "--quiet");

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("every stock change read from the --inventory input was rejected (5,001), so inventory.csv is empty", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "summary.json")), "the run's results are written, as for an input all rejected");
        Assert.Single(File.ReadLines(Path.Combine(output, "inventory.csv"))); // its header
    }
}
