namespace ShopStream.Api.Json;

/// <summary>The embedded event log the collector appends to: its folder, partitions and the events it holds.</summary>
public sealed record LogJson(string Directory, int Partitions, long Events);
