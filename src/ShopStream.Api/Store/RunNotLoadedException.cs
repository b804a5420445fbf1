namespace ShopStream.Api.Store;

/// <summary>
/// No run to serve yet: the served folder has none loaded (no summary.json, or it could not be read), or its run is
/// loaded but the serving store (PostgreSQL) has none published. Every read answers 503, as the summary does, rather
/// than an empty list or a 404 that would read as a run without that data.
/// </summary>
public sealed class RunNotLoadedException : Exception
{
    public RunNotLoadedException(string? lastError)
        : base(lastError is null
            ? "no finished run is loaded yet (the folder has no summary.json)"
            : $"no finished run is loaded yet: the last load failed ({lastError})")
    {
    }

    private RunNotLoadedException(string message, Exception? inner)
        : base(message, inner)
    {
    }

    /// <summary>A serving store of its own holds no run (a new database, a lake without a finished run): said so, not "no summary.json".</summary>
    public static RunNotLoadedException EmptyStore(string message) => new(message, null);
}
