using ShopStream.Api.Store;

namespace ShopStream.Api.Json;

/// <summary>
/// Pipeline health: the store (what run is served, when it was written, its age), the run's counts (read,
/// accepted, rejected by reason), the event log (partitions, events held) and the collector (events appended,
/// group commits, events per second over the last 10 seconds), and the pipeline running in this process, if any;
/// while the serving store cannot be reached, why (<c>store_error</c>), with the counts at 0.
/// </summary>
public sealed record PipelineJson(
    StoreStatus Store, DateTime? LastCheckpoint, double? CheckpointAgeSeconds,
    long EventsRead, long EventsAccepted, long EventsRejected, IReadOnlyDictionary<string, long> RejectedByReason,
    long DuplicatesDropped, long LateEvents, LogJson Log, CollectorJson Collector, LiveJson? Live, string? StoreError = null);
