namespace ShopStream.Api.Endpoints;

/// <summary>A query parameter with a bad value: answered with 400 and this message.</summary>
public sealed class BadQueryException : Exception
{
    public BadQueryException()
    {
    }

    public BadQueryException(string message) : base(message)
    {
    }

    public BadQueryException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
