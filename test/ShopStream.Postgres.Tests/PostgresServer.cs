using Npgsql;

namespace ShopStream.Postgres.Tests;

/// <summary>
/// The tests' PostgreSQL server, shared by every test class: the server at <c>SHOPSTREAM_TEST_PG</c> (a postgres://
/// URL whose user may create databases) when set, otherwise a private one (<see cref="LocalPostgres"/>). Each test
/// gets a fresh database of its own, so tests never see each other's rows.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly List<string> _databases = [];
    private LocalPostgres? _local;
    private NpgsqlConnectionStringBuilder _admin = new();
    private int _next;

    public const string EnvironmentVariable = "SHOPSTREAM_TEST_PG";

    public Task InitializeAsync()
    {
        string? url = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(url))
        {
            _admin = PostgresUrl.Parse(url, Environment.GetEnvironmentVariable("PGPASSWORD"));
        }
        else
        {
            _local = LocalPostgres.Start();
            _admin = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = _local.Port, Username = "postgres", Database = "postgres" };
        }

        _admin.Pooling = false;
        return Task.CompletedTask;
    }

    /// <summary>A new, empty database: its name, Npgsql connection string and postgres:// URL.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync()
    {
        string name = $"shopstream_test_{Environment.ProcessId}_{Interlocked.Increment(ref _next)}";
        await using (var connection = new NpgsqlConnection(_admin.ConnectionString))
        {
            await connection.OpenAsync();
            // The name is made here from digits, never from input; CREATE DATABASE takes no parameters.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        lock (_databases)
            _databases.Add(name);
        var builder = new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = name, Pooling = true };
        string password = string.IsNullOrEmpty(builder.Password) ? "" : ":" + Uri.EscapeDataString(builder.Password);
        string url = $"postgres://{Uri.EscapeDataString(builder.Username!)}{password}@{builder.Host}:{builder.Port}/{name}";
        return new TestDatabase(name, builder.ConnectionString, url);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_local is not null)
        {
            _local.Dispose();
            return;
        }

        // A shared server keeps nothing of ours.
        await using var connection = new NpgsqlConnection(_admin.ConnectionString);
        await connection.OpenAsync();
        foreach (var name in _databases)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
