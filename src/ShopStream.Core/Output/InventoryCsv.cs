using ShopStream.Core.Inventory;

namespace ShopStream.Core.Output;

/// <summary>Writes <c>inventory.csv</c>: current stock per product and warehouse.</summary>
public static class InventoryCsv
{
    public static ReadOnlySpan<byte> Header => "product_id,warehouse,stock,last_change,changes"u8;

    public static void Write(Stream output, IEnumerable<StockLevel> levels)
    {
        using var w = new Utf8RowWriter(output);
        w.Line(Header);
        foreach (var l in levels)
        {
            w.Int(l.ProductId);
            w.Text(l.Warehouse);
            w.Int(l.Stock);
            w.Time(l.LastChange);
            w.Int(l.Changes);
            w.EndRow();
        }
    }
}
