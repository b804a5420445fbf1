using System.Net.Sockets;
using Npgsql;

namespace ShopStream.Postgres.Tests;

/// <summary>Npgsql's failures as one line, with the way out where its own words leave it unsaid.</summary>
public sealed class PostgresErrorTextTests
{
    [Fact]
    public void A_missing_password_says_where_one_may_come_from()
    {
        // Npgsql's words for a server that asks a password of a URL without one (the tests' own server trusts every login).
        var ex = new NpgsqlException("No password has been provided but the backend requires one (in SASL/SCRAM-SHA-256)");

        Assert.Equal(
            "No password has been provided but the backend requires one (in SASL/SCRAM-SHA-256) (give it in the URL, postgres://USER:PASSWORD@HOST/DB, percent-encoded, or in PGPASSWORD)",
            PostgresErrorText.Of(ex));
    }

    [Fact]
    public void A_refused_connection_asks_whether_a_server_is_there_and_other_failures_keep_their_words()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:1", new SocketException((int)SocketError.ConnectionRefused));
        var timedOut = new NpgsqlException("Failed to connect to 10.0.0.1:5432", new SocketException((int)SocketError.TimedOut));

        Assert.Equal("Failed to connect to 127.0.0.1:1 (connection refused: is PostgreSQL running, and listening on that address and port?)", PostgresErrorText.Of(refused));
        Assert.Equal("Failed to connect to 10.0.0.1:5432", PostgresErrorText.Of(timedOut));
    }
}
