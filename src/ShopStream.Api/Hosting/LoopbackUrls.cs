using System.Net;

namespace ShopStream.Api.Hosting;

/// <summary>
/// Tells whether a Kestrel URL is one it can listen on, and whether it listens only on this machine (where reads may
/// go without a key).
/// </summary>
public static class LoopbackUrls
{
    /// <summary>An http or https URL with a port in 0..65535 (0: any free port), Kestrel's wildcard hosts included.</summary>
    public static bool IsValid(string url) =>
        Parse(url) is { } uri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.AbsolutePath == "/";

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
