namespace ShopStream.Postgres;

/// <summary>
/// A PostgreSQL URL that cannot be used. An <see cref="ArgumentException"/>, so the command line reports it as bad
/// input (exit code 2); the message names what is wrong and never repeats the password.
/// </summary>
public sealed class PostgresUrlException : ArgumentException
{
    public PostgresUrlException()
    {
    }

    public PostgresUrlException(string message)
        : base(message)
    {
    }

    public PostgresUrlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
