namespace ShopStream.Postgres;

/// <summary>
/// The store cannot be used as it is (for example, its schema is newer than this program). An <see cref="IOException"/>:
/// like a full disk, it is the storage's state, not the caller's input.
/// </summary>
public sealed class PostgresStoreException : IOException
{
    public PostgresStoreException()
    {
    }

    public PostgresStoreException(string message)
        : base(message)
    {
    }

    public PostgresStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
