using Microsoft.AspNetCore.Http;

namespace ShopStream.Api.Collector;

/// <summary>The key a request presents: the given header (<c>X-Write-Key</c>, <c>X-Read-Key</c>), or else <c>Authorization: Bearer KEY</c>.</summary>
internal static class PresentedKey
{
    // The endpoint's own header first: a client sending its read key as Bearer on every request, and its write key
    // in X-Write-Key, was refused every write (the Bearer key was taken and did not match).
    public static string? Of(HttpRequest request, string header)
    {
        var value = request.Headers[header].ToString();
        if (value.Length > 0)
            return value;
        var auth = request.Headers.Authorization.ToString();
        return auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth["Bearer ".Length..].Trim() : null;
    }
}
