namespace ShopStream.Generator.Faults;

/// <summary>A rendered record held back for later delivery (out of order, late, or a duplicate's copy).</summary>
internal sealed record HeldRecord(byte[] Bytes, long Second, EventKind Kind, bool Duplicate);
