using System.Globalization;
using Npgsql;

namespace ShopStream.Postgres;

/// <summary>
/// Turns <c>postgres://user[:password]@host[:port]/database[?param=value&amp;...]</c> (or <c>postgresql://</c>) into
/// an Npgsql connection string. User, password and database are percent-decoded; the port defaults to 5432; a
/// missing password comes from <c>PGPASSWORD</c>. Parameters: <c>host</c> (a host, or a folder for a unix socket,
/// overriding the one before the path), <c>sslmode</c>, <c>application_name</c>, <c>connect_timeout</c> (seconds).
/// </summary>
public static class PostgresUrl
{
    private const string Shape = "expected postgres://user[:password]@host[:port]/database";

    /// <summary>Parses <paramref name="url"/>; <paramref name="fallbackPassword"/> (say, <c>PGPASSWORD</c>) is used when the URL has none.</summary>
    /// <exception cref="PostgresUrlException">The URL is malformed; the message never holds the password.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string url, string? fallbackPassword = null)
    {
        if (string.IsNullOrWhiteSpace(url))
            throw Malformed("it is empty");
        int schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        string scheme = schemeEnd < 0 ? "" : url[..schemeEnd];
        if (!scheme.Equals("postgres", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
            throw Malformed(schemeEnd < 0 ? "it has no scheme" : $"the scheme is '{Printable(scheme)}', not postgres or postgresql");

        string rest = url[(schemeEnd + 3)..];
        string? query = null;
        int q = rest.IndexOf('?', StringComparison.Ordinal);
        // A '?' with neither '@' nor '/' before it, and an '@' after it before any '/', is in the user or password:
        // read as the query's start, the rest of the password was echoed as an unknown parameter's name. (A '?' after
        // the database's '/' starts the query, whose values may hold an '@'.)
        if (q >= 0 && QuestionMarkInUserInfo(rest, q))
            throw Malformed("a '?' comes before the '@' that ends user:password (a '?' in the user or password is written %3F)");
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        // The last '@' ends the user part, so an unencoded '@' in a password still parses.
        int at = rest.LastIndexOf('@');
        string? userInfo = at < 0 ? null : rest[..at];
        string afterUser = rest[(at + 1)..];
        int slash = afterUser.IndexOf('/', StringComparison.Ordinal);
        string hostPort = slash < 0 ? afterUser : afterUser[..slash];
        string rawDatabase = slash < 0 ? "" : afterUser[(slash + 1)..];
        string database = Decode(rawDatabase);

        var builder = new NpgsqlConnectionStringBuilder();
        if (userInfo is not null)
        {
            int colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            string user = Decode(colon < 0 ? userInfo : userInfo[..colon]);
            if (user.Length > 0)
                builder.Username = user;
            if (colon >= 0)
                builder.Password = Decode(userInfo[(colon + 1)..]);
        }

        // No '@' and two ':' in user:password host:port: a URL that lost its '@'. Read as a host, user:password
        // reached Npgsql, which took the password for a port and failed with it in the message (exit 1). A host
        // list (h1:5432,h2:5432) is judged by its first host (where user:password would be), an IPv6 host has its '['.
        string firstHost = hostPort.Split(',')[0];
        if (userInfo is null && firstHost.IndexOf(':', StringComparison.Ordinal) != firstHost.LastIndexOf(':') && !firstHost.StartsWith('['))
            throw Malformed("the host has a ':' in it: is the '@' between user:password and the host missing?");
        SetHostAndPort(builder, hostPort);
        if (query is not null)
            ApplyParameters(builder, query);
        if (string.IsNullOrEmpty(builder.Host))
            throw Malformed("the host is missing");
        if (database.Length == 0)
            throw Malformed("the database name is missing");
        if (rawDatabase.Contains('/', StringComparison.Ordinal))
            throw Malformed("the database name contains '/' (a '/' in the name is written %2F)");
        builder.Database = database;
        if (builder.Password is null && !string.IsNullOrEmpty(fallbackPassword))
            builder.Password = fallbackPassword;
        return builder;
    }

    private static bool QuestionMarkInUserInfo(string rest, int q)
    {
        if (rest.AsSpan(0, q).IndexOfAny('@', '/') >= 0)
            return false;
        var after = rest.AsSpan(q);
        int at = after.IndexOf('@');
        int slash = after.IndexOf('/');
        return at > 0 && (slash < 0 || at < slash);
    }

    /// <summary>The URL of a connection string without its password, for messages and logs: <c>postgres://user@host:port/database</c>.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        string user = string.IsNullOrEmpty(connection.Username) ? "" : Uri.EscapeDataString(connection.Username) + "@";
        string host = connection.Host ?? "";
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
            host = "[" + host + "]";
        return $"postgres://{user}{host}:{connection.Port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(connection.Database ?? "")}";
    }

    private static void SetHostAndPort(NpgsqlConnectionStringBuilder builder, string hostPort)
    {
        string host = hostPort;
        string? port = null;
        if (hostPort.StartsWith('['))
        {
            int close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
                throw Malformed("an IPv6 host has no closing ']'");
            host = hostPort[1..close];
            string after = hostPort[(close + 1)..];
            if (after.Length > 0)
                port = after.StartsWith(':') ? after[1..] : throw Malformed("unexpected characters after the IPv6 host");
        }
        else
        {
            int colon = hostPort.LastIndexOf(':');
            if (colon >= 0)
            {
                host = hostPort[..colon];
                port = hostPort[(colon + 1)..];
            }
        }

        if (host.Length > 0)
            builder.Host = Decode(host);
        // The port text is never echoed: a URL that lost its '@' has the password where the port should be.
        if (port is not null)
        {
            builder.Port = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p is >= 1 and <= 65535
                ? p
                : throw Malformed("the port is not a number from 1 to 65535"
                    + (port.All(char.IsAsciiDigit) ? "" : " (a password with ':', '/', '?' or '@' in it must be percent-encoded: %3A, %2F, %3F, %40)"));
        }
    }

    private static void ApplyParameters(NpgsqlConnectionStringBuilder builder, string query)
    {
        // With an '@' among the parameters, a '?' may have been in the password, and what follows it read as
        // parameters: their text is not echoed then (p@ss?word@host/db printed 'word@host/db', p@ss?a&b@... 'a').
        bool mayHoldPassword = query.Contains('@', StringComparison.Ordinal);
        string Shown(string text) => mayHoldPassword
            ? "(not shown: the URL has an '@' after its '?', where a password's '?', unless written %3F, would put it)"
            : $"'{Printable(text)}'";
        foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string name = Decode(eq < 0 ? pair : pair[..eq]);
            string value = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            switch (name)
            {
                case "host" when value.Contains('@', StringComparison.Ordinal):
                    throw Malformed($"the host parameter {Shown(value)} holds an '@'");
                case "host":
                    builder.Host = value;
                    break;
                case "sslmode":
                    builder.SslMode = Enum.TryParse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var mode)
                        ? mode
                        : throw Malformed($"sslmode {Shown(value)} is not disable, allow, prefer, require, verify-ca or verify-full");
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds <= 1024
                        ? seconds
                        : throw Malformed("connect_timeout is not a number of seconds from 0 to 1024");
                    break;
                default:
                    throw Malformed($"unknown parameter {Shown(name)} (known: host, sslmode, application_name, connect_timeout)");
            }
        }
    }

    // A '%' not followed by two hex digits is refused, as libpq refuses it ("invalid percent-encoded token"): left as
    // it was, a password a%zz logged in as the literal text. A NUL (%00) cannot be in a connection string: refused
    // here, it was .NET's "The value contains embedded nulls".
    private static string Decode(string text)
    {
        for (int i = text.IndexOf('%', StringComparison.Ordinal); i >= 0; i = text.IndexOf('%', i + 1))
        {
            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                throw Malformed("a '%' must start a percent-escape of two hex digits (write %25 for a '%' itself)");
        }

        string decoded = Uri.UnescapeDataString(text);
        return decoded.Contains('\0', StringComparison.Ordinal) ? throw Malformed("a value holds a NUL character (%00)") : decoded;
    }

    // Names echoed in messages are cut short and stripped of control characters.
    private static string Printable(string text)
    {
        var clean = new string([.. text.Take(40).Where(c => !char.IsControl(c))]);
        return text.Length > 40 ? clean + "..." : clean;
    }

    private static PostgresUrlException Malformed(string why) => new($"malformed PostgreSQL URL: {why} ({Shape})");
}
