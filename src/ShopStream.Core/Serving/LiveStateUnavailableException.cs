namespace ShopStream.Core.Serving;

/// <summary>
/// The live state could not be read: no partition is processing yet, or a partition's worker held it past the
/// query timeout (a stalled pipeline). Answered with 503: ask again later.
/// </summary>
public sealed class LiveStateUnavailableException : Exception
{
    public LiveStateUnavailableException()
    {
    }

    public LiveStateUnavailableException(string message) : base(message)
    {
    }

    public LiveStateUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
