namespace ShopStream.Benchmarks.Generation;

/// <summary>What the generator wrote.</summary>
internal sealed record GeneratorStats(long Rows, long Duplicates, long Users, long SourceSessions, long Bytes, long Views, long Carts, long Purchases, DateTime LastEventTime);
