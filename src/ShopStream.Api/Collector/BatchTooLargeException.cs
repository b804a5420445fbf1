namespace ShopStream.Api.Collector;

/// <summary>A batch over the configured limits (events or bytes): answered with 413.</summary>
public sealed class BatchTooLargeException : Exception
{
    public BatchTooLargeException()
    {
    }

    public BatchTooLargeException(string message) : base(message)
    {
    }

    public BatchTooLargeException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
