using Npgsql;

namespace ShopStream.Postgres;

/// <summary>
/// Builds the PostgreSQL serving store (reads) and result sink (writes), each owning its own
/// <see cref="NpgsqlDataSource"/> (a connection pool): dispose what you build. As Npgsql's
/// <see cref="NpgsqlDataSourceBuilder"/>: configure, then <c>Build...</c>.
/// </summary>
public sealed class PostgresStoreBuilder
{
    private readonly NpgsqlConnectionStringBuilder _connection;

    /// <summary>A builder for an Npgsql connection string (<c>Host=...;Database=...</c>).</summary>
    public PostgresStoreBuilder(string connectionString)
        : this(new NpgsqlConnectionStringBuilder(connectionString))
    {
    }

    private PostgresStoreBuilder(NpgsqlConnectionStringBuilder connection) => _connection = connection;

    public PostgresStoreOptions Options { get; private set; } = PostgresStoreOptions.Default;

    /// <summary>The store's address without the password, for messages: <c>postgres://user@host:port/database</c>.</summary>
    public string Description => PostgresUrl.Describe(_connection);

    /// <summary>
    /// A builder for <c>postgres://user[:password]@host[:port]/database</c> (see <see cref="PostgresUrl"/>); without a
    /// password in the URL, <c>PGPASSWORD</c>'s is used.
    /// </summary>
    /// <exception cref="PostgresUrlException">The URL is malformed.</exception>
    public static PostgresStoreBuilder FromUrl(string url) =>
        new(PostgresUrl.Parse(url, Environment.GetEnvironmentVariable("PGPASSWORD")));

    public PostgresStoreBuilder WithOptions(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        return this;
    }

    /// <summary>The read side: <see cref="Core.Serving.IServingStore"/> on PostgreSQL.</summary>
    /// <remarks>Its reads are held to <see cref="PostgresStoreOptions.ReadTimeout"/>; its schema migration, on a pool of its own, to <see cref="PostgresStoreOptions.CommandTimeout"/>.</remarks>
    public PostgresServingStore BuildServingStore() => new(BuildDataSource(Options.ReadTimeout + ReadBackstop), BuildDataSource(Options.CommandTimeout), Options);

    // The store gives a read up at its read timeout (and a second) itself; Npgsql's own, later, only ends what it gave
    // up: timing out first, Npgsql blocked a thread on a cancel request a frozen server never answers.
    private static readonly TimeSpan ReadBackstop = TimeSpan.FromSeconds(10);

    /// <summary>The write side: publishes runs' results.</summary>
    public PostgresResultSink BuildSink() => new(BuildDataSource(Options.CommandTimeout), Options);

    private NpgsqlDataSource BuildDataSource(TimeSpan commandTimeout)
    {
        var connection = new NpgsqlConnectionStringBuilder(_connection.ConnectionString)
        {
            CommandTimeout = (int)Math.Ceiling(commandTimeout.TotalSeconds),
        };
        if (string.IsNullOrEmpty(connection.ApplicationName))
            connection.ApplicationName = Options.ApplicationName;
        return new NpgsqlDataSourceBuilder(connection.ConnectionString).Build();
    }
}
