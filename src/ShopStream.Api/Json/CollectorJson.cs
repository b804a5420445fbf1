namespace ShopStream.Api.Json;

/// <summary>Collector throughput since the server started.</summary>
public sealed record CollectorJson(long EventsAppended, long Commits, double EventsPerSecond, long RequestsRejected);
