namespace ShopStream.Api.Json;

/// <summary>The checkpoints this process wrote: how many, when the last one was written, how long it took, and its age.</summary>
public sealed record CheckpointsJson(long Written, DateTime? LastAt, double? LastDurationSeconds, double? AgeSeconds);
