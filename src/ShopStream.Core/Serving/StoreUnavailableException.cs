namespace ShopStream.Core.Serving;

/// <summary>
/// The store that serves the run (PostgreSQL, say) cannot be reached now: the server is down or restarting, or
/// refuses connections. Answered with 503 and <c>Retry-After</c>, and <c>/readyz</c> says not ready, rather than
/// a 500 that reads as a bug.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message) : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
