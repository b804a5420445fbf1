namespace ShopStream.Core.Serving;

/// <summary>How far a partition this instance processes is behind its source: records after the next one to process.</summary>
public readonly record struct PartitionLag(int Partition, long Lag);
