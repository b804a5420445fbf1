namespace ShopStream.Core.Log;

/// <summary>An offset in one partition, as committed for a consumer group: the next offset to read there.</summary>
public readonly record struct PartitionOffset(int Partition, long Offset);
