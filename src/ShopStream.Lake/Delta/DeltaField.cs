namespace ShopStream.Lake.Delta;

/// <summary>One column of a Delta table's schema: name, Delta primitive type (<c>long</c>, <c>string</c>, <c>decimal(18,2)</c>, ...) and nullability.</summary>
public sealed record DeltaField(string Name, string Type, bool Nullable = true);
