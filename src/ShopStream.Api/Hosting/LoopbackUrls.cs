using System.Net;

namespace ShopStream.Api.Hosting;

/// <summary>Tells whether a Kestrel URL listens only on this machine (where reads may go without a key).</summary>
public static class LoopbackUrls
{
    public static bool IsLoopback(string url)
    {
        // Kestrel's wildcards (http://*:80, http://+:80) and host names other than localhost listen everywhere.
        if (!Uri.TryCreate(url.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            return false;
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
