using ShopStream.Core.Processing.Analytics;

namespace ShopStream.Core.Inventory;

/// <summary>
/// Current stock per product and warehouse: the sum of the changes, applied in arrival order. When a change takes
/// the stock from at or above the threshold to below it, that is a <c>low_stock</c> alert: once per fall (staying
/// low does not repeat it; a refill to the threshold or above re-arms it), and not for a first record that starts
/// a warehouse low (an item never stocked there has not run low).
/// </summary>
public sealed class InventoryLedger(int lowStockBelow)
{
    private readonly Dictionary<(long Product, string Warehouse), Entry> _stock = [];

    public List<Alert> Alerts { get; } = [];

    public long Changes { get; private set; }

    public void Apply(in StockChange change)
    {
        Changes++;
        ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_stock, (change.ProductId, change.Warehouse), out _);
        long before = entry.Stock;
        bool wasKnown = entry.Changes > 0;
        entry.Stock += change.Delta;
        entry.Changes++;
        entry.LastChange = Math.Max(entry.LastChange, change.TimeTicks);
        if (wasKnown && before >= lowStockBelow && entry.Stock < lowStockBelow)
        {
            var at = new DateTime(change.TimeTicks, DateTimeKind.Utc);
            Alerts.Add(new Alert(AlertTypes.LowStock, $"{change.ProductId}@{change.Warehouse}", at, at, entry.Stock, lowStockBelow));
        }
    }

    /// <summary>Every product and warehouse seen, sorted by product id then warehouse.</summary>
    public IEnumerable<StockLevel> Levels() => _stock
        .Select(kv => new StockLevel(kv.Key.Product, kv.Key.Warehouse, kv.Value.Stock, new DateTime(kv.Value.LastChange, DateTimeKind.Utc), kv.Value.Changes))
        .OrderBy(l => l.ProductId)
        .ThenBy(l => l.Warehouse, StringComparer.Ordinal);

    private struct Entry
    {
        public long Stock;
        public long Changes;
        public long LastChange;
    }
}
