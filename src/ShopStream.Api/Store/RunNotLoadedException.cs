namespace ShopStream.Api.Store;

/// <summary>
/// The served folder has no run loaded yet (no summary.json, or it could not be read): every read answers 503, as the
/// summary does, rather than an empty list or a 404 that would read as a run without that data.
/// </summary>
public sealed class RunNotLoadedException(string? lastError)
    : Exception(lastError is null
        ? "no finished run is loaded yet (the folder has no summary.json)"
        : $"no finished run is loaded yet: the last load failed ({lastError})");
