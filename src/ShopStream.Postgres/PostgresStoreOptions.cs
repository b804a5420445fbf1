namespace ShopStream.Postgres;

/// <summary>How the PostgreSQL store and sink behave beyond the connection string.</summary>
public sealed record PostgresStoreOptions
{
    public static PostgresStoreOptions Default { get; } = new();

    /// <summary>Create or migrate the <c>shopstream</c> schema before the first query or publication (default true).</summary>
    public bool MigrateSchema { get; init; } = true;

    /// <summary>How long one statement may run: a publication's upsert of millions of rows takes a while (default 10 minutes).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long one read of the serving store may take (default 30 s): past it the read answers 503 as an unreachable
    /// server does. A server that stalls (stopped, or cut off by the network) without closing its connections held
    /// every read, and <c>/readyz</c>, for the whole <see cref="CommandTimeout"/>.
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The name the server shows for these connections (<c>pg_stat_activity</c>), unless the connection string sets one.</summary>
    public string ApplicationName { get; init; } = "shopstream";

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a command or read timeout that is not positive.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CommandTimeout, TimeSpan.Zero, nameof(CommandTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReadTimeout, TimeSpan.Zero, nameof(ReadTimeout));
    }
}
