using System.Net.Sockets;
using Npgsql;

namespace ShopStream.Postgres;

/// <summary>
/// An Npgsql failure as one line for a command's error or a 503's body, with the way out where Npgsql's own words
/// leave it unsaid: a missing password (where it may come from), a refused connection (is a server there?).
/// </summary>
public static class PostgresErrorText
{
    public static string Of(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        // The server's own text: PostgresException.Message adds the statement's POSITION and the like on lines of
        // their own ("57P01: terminating connection due to administrator command  POSITION: 207").
        string text = ex is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : ex.Message.ReplaceLineEndings(" ");
        if (Refused(ex))
            return text + " (connection refused: is PostgreSQL running, and listening on that address and port?)";
        if (ex is NpgsqlException && text.StartsWith("No password has been provided", StringComparison.Ordinal))
            return text + " (give it in the URL, postgres://USER:PASSWORD@HOST/DB, percent-encoded, or in PGPASSWORD)";
        return text;
    }

    private static bool Refused(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
                return true;
        }

        return false;
    }
}
