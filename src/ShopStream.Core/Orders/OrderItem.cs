namespace ShopStream.Core.Orders;

/// <summary>One line of a <see cref="ShopOrder"/>: <see cref="CategoryId"/> is 0 and <see cref="Brand"/> null when the source has none.</summary>
public readonly record struct OrderItem(long ProductId, long CategoryId, string? Brand, decimal Price, int Quantity);
