namespace ShopStream.Api.Json;

/// <summary>
/// The embedded event log the collector appends to: its folder, partitions, the events it holds, and the lag of
/// <see cref="ConsumerGroup"/>: events appended after the offsets the group committed (all of them for a group that
/// never committed), per partition and in all.
/// </summary>
public sealed record LogJson(string Directory, int Partitions, long Events, string ConsumerGroup, long Lag, IReadOnlyList<long> LagByPartition);
