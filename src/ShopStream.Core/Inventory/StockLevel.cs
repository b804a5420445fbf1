namespace ShopStream.Core.Inventory;

/// <summary>One row of <c>inventory.csv</c>: the current stock of a product in a warehouse.</summary>
public readonly record struct StockLevel(long ProductId, string Warehouse, long Stock, DateTime LastChange, long Changes);
