namespace ShopStream.Lake.DuckDb;

/// <summary>DuckDB refused something: its message, prefixed with what the binding was doing.</summary>
public sealed class DuckDbException : Exception
{
    public DuckDbException(string message)
        : base(message)
    {
    }

    public DuckDbException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public DuckDbException()
    {
    }
}
