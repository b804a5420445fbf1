namespace ShopStream.Api.Json;

/// <summary>
/// The pipeline running in this process (<c>run --serve</c>, <c>process --serve</c>): its progress, the partitions it
/// owns, the lag behind Kafka (null for other sources) and its checkpoints.
/// </summary>
public sealed record LiveJson(
    string Mode, bool Finished, DateTime? StartedAt, long EventsProcessed, double EventsPerSecond, int Partitions, IReadOnlyList<int> OwnedPartitions,
    long? Lag, IReadOnlyDictionary<string, long>? LagByPartition, CheckpointsJson Checkpoints);
