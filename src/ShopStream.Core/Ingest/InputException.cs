namespace ShopStream.Core.Ingest;

/// <summary>An input that cannot be read at all (missing, unreadable, unknown format): a one-line message for the user.</summary>
public sealed class InputException : Exception
{
    public InputException(string message)
        : base(message)
    {
    }

    public InputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public InputException()
    {
    }
}
