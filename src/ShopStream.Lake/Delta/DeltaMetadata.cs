namespace ShopStream.Lake.Delta;

/// <summary>A <c>metaData</c> action: the table's id, schema and partition columns.</summary>
public sealed record DeltaMetadata(string Id, DeltaSchema Schema, IReadOnlyList<string> PartitionColumns, long CreatedTime);
