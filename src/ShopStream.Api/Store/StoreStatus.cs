namespace ShopStream.Api.Store;

/// <summary>
/// The state of a store: what it reads (<see cref="Source"/>), whether it has data, when the data was produced
/// (the run's <c>summary.json</c> time: the last checkpoint of a finished run) and loaded, and the last load error.
/// </summary>
public sealed record StoreStatus(string Source, bool Ready, DateTime? DataWrittenAt, DateTime? LoadedAt, long Loads, string? LastError);
