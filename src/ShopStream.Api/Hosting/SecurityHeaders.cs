using Microsoft.AspNetCore.Http;

namespace ShopStream.Api.Hosting;

/// <summary>
/// Headers every answer carries, the dashboard's above all, which holds a form for the read key: no other site may
/// frame it (clickjacking), run script in it or send its data elsewhere (the page loads only its own files and calls
/// only this server), and no response is sniffed into another content type.
/// </summary>
internal static class SecurityHeaders
{
    // The page's script sets styles through the CSSOM (element.style), which a policy without 'unsafe-inline' allows.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Sets them as the response starts, so an error page written by a later handler carries them too.</summary>
    public static Task AddAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY"; // for browsers that predate frame-ancestors
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}
