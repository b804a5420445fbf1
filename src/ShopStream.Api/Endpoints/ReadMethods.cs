using Microsoft.AspNetCore.Http;

namespace ShopStream.Api.Endpoints;

/// <summary>
/// The methods every read endpoint takes: GET, and HEAD, which HTTP requires of a server wherever it takes GET
/// (RFC 9110, 9.1) and which health checkers and link checkers send (it was 405). Kestrel sends a HEAD answer's
/// status and headers without its body.
/// </summary>
internal static class ReadMethods
{
    public static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];
}
