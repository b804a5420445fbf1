using System.Net;

namespace ShopStream.Api.Hosting;

/// <summary>
/// Tells whether a Kestrel URL is one it can listen on, and whether it listens only on this machine (where reads may
/// go without a key).
/// </summary>
public static class LoopbackUrls
{
    /// <summary>An http URL with a port in 0..65535 (0: any free port), Kestrel's wildcard hosts included.</summary>
    public static bool IsValid(string url) =>
        Parse(url) is { } uri && uri.Scheme == Uri.UriSchemeHttp && uri.AbsolutePath == "/";

    /// <summary>
    /// Why Kestrel would refuse a URL that <see cref="IsValid"/> accepts, or null: the server has no certificate for
    /// https (TLS belongs to a proxy in front), and Kestrel cannot pick a free port (0) for localhost, which is two addresses.
    /// </summary>
    public static string? Unsupported(string url)
    {
        if (Parse(url) is not { } uri)
            return null;
        if (uri.Scheme == Uri.UriSchemeHttps)
            return $"'{url}': the server speaks http only; put a TLS proxy (nginx, Caddy) in front for https";
        if (uri.Port == 0 && string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            return $"'{url}': a free port (0) needs an IP address, e.g. http://127.0.0.1:0";
        return null;
    }

    public static bool IsLoopback(string url)
    {
        if (Parse(url) is not { } uri)
            return false;
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    // Kestrel's wildcards (http://*:80, http://+:80) and host names other than localhost listen everywhere.
    private static Uri? Parse(string url) =>
        Uri.TryCreate(url.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null;
}
