namespace ShopStream.Core.Inventory;

/// <summary>
/// One inventory event (JSON lines, as <c>shopstream generate --inventory</c> writes them): the stock of a product in
/// a warehouse changed by <see cref="Delta"/> at an event time, for a reason (<c>initial</c>, <c>order</c>,
/// <c>return</c>, <c>refill</c>, ...).
/// </summary>
public readonly record struct StockChange(long TimeTicks, long ProductId, string Warehouse, int Delta, string? Reason);
