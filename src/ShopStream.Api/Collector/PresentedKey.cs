using Microsoft.AspNetCore.Http;

namespace ShopStream.Api.Collector;

/// <summary>The key a request presents: <c>Authorization: Bearer KEY</c>, or else the given header (<c>X-Write-Key</c>, <c>X-Read-Key</c>).</summary>
internal static class PresentedKey
{
    public static string? Of(HttpRequest request, string header)
    {
        var auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return auth["Bearer ".Length..].Trim();
        var value = request.Headers[header].ToString();
        return value.Length == 0 ? null : value;
    }
}
