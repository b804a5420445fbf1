using Microsoft.AspNetCore.Http;
using ShopStream.Api.Json;

namespace ShopStream.Api.Collector;

/// <summary>
/// With a read key configured, reads (<c>GET</c> of <c>/api/*</c>, <c>/metrics</c>, <c>/openapi/*</c>) need it
/// (<c>Authorization: Bearer KEY</c> or <c>X-Read-Key</c>): 401 without, 403 for a wrong one. Health checks and
/// the dashboard's static files stay open (they hold no data; the page asks for the key and sends it). Wrong keys
/// are throttled together (<see cref="WrongKeyThrottle"/>): 429 past the limit, so keys cannot be guessed at speed.
/// </summary>
internal sealed class ReadKeyMiddleware(RequestDelegate next, KeySet readKey, TimeProvider time)
{
    private readonly WrongKeyThrottle _wrongKeys = new(time);

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        bool protectedRead = !HttpMethods.IsPost(context.Request.Method)
            && (path.StartsWithSegments("/api") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/openapi"));
        if (readKey.IsEmpty || !protectedRead)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var presented = PresentedKey.Of(context.Request, "X-Read-Key");
        if (presented is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsJsonAsync(new ErrorJson("a read key is required (Authorization: Bearer KEY or X-Read-Key: KEY)")).ConfigureAwait(false);
            return;
        }

        if (readKey.Match(presented) < 0)
        {
            if (!_wrongKeys.TryTake())
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                await context.Response.WriteAsJsonAsync(new ErrorJson(
                    $"too many requests with a wrong read key (all of them share a limit of {WrongKeyThrottle.PerSecond} a second): retry after 1 s")).ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(new ErrorJson("the read key is not valid")).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
