using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using ShopStream.Api.Collector;
using ShopStream.Api.Endpoints;
using ShopStream.Api.Hosting;
using ShopStream.Api.Json;
using ShopStream.Api.Metrics;
using ShopStream.Api.Store;
using ShopStream.Core.Serving;

namespace ShopStream.Api;

/// <summary>
/// Wires the API into a host: <see cref="AddShopStreamApi"/> registers its services (the store and collector are
/// given, so the read side is pluggable: a run folder today, PostgreSQL or live state later), and
/// <see cref="UseShopStreamApi"/> adds the middleware and endpoints. <see cref="ShopStreamServerBuilder"/> uses both
/// for <c>shopstream serve</c>; tests use them with <c>WebApplicationFactory</c>.
/// </summary>
public static class ShopStreamApi
{
    // The Host header values a server without a read key answers to (any port).
    private static readonly string[] s_loopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static IServiceCollection AddShopStreamApi(
        this IServiceCollection services, ServeOptions options, IServingStore store, IRunAnalytics analytics, EventCollector collector)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(store);
        services.AddSingleton(analytics);
        services.AddSingleton(collector);
        services.AddSingleton(new WriteKeys(new KeySet(options.WriteKeys)));
        services.AddSingleton<CollectorStats>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new EventRate(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ApiMetrics>();
        services.AddSingleton<PrometheusExporter>();
        services.AddMetrics();
        services.AddRouting();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "ShopStream API";
            doc.Info.Description = "Profiles, run analytics, pipeline health and the HTTP event collector (see README, Serving).";
            KeysOpenApi.Describe(doc, readKeySet: options.ReadKey is not null);
            return Task.CompletedTask;
        }));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(CollectorEndpoints.RateLimitPolicy, context => options.RateLimitPerSecond == 0
                ? RateLimitPartition.GetNoLimiter(-2)
                : RateLimitPartition.GetTokenBucketLimiter(CollectorEndpoints.RateLimitKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RateLimitBurst,
                    TokensPerPeriod = options.RateLimitPerSecond,
                    ReplenishmentPeriod = options.RateLimitRefill,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                int seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var services = context.HttpContext.RequestServices;
                services.GetRequiredService<ApiMetrics>().RequestsRejected.Add(1, new KeyValuePair<string, object?>("status", StatusCodes.Status429TooManyRequests));
                services.GetRequiredService<CollectorStats>().RequestRejected();
                // Requests without a valid key share one bucket (guessing keys is throttled too), so their 429 is not
                // this key's: a client that forgot its key would look for a rate problem it does not have.
                string whose = CollectorEndpoints.RateLimitKey(context.HttpContext) < 0
                    ? "without a valid write key (all such requests share one limit; send a valid key)"
                    : "for this write key";
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new ErrorJson($"too many requests {whose}: retry after {seconds} s"), cancellationToken).ConfigureAwait(false);
            };
        });
        return services;
    }

    public static IApplicationBuilder UseShopStreamApi(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<ServeOptions>();
        // Created now, not on first use, the listener first: it must see every instrument and measurement from the
        // start, the metrics' starting zeros included.
        app.ApplicationServices.GetRequiredService<PrometheusExporter>();
        app.ApplicationServices.GetRequiredService<ApiMetrics>();
        app.Use(SecurityHeaders.AddAsync);
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = HandleExceptionAsync });
        app.UseStatusCodePages(WriteStatusErrorAsync);
        if (options.ReadKey is null)
            app.Use(LoopbackHostOnlyAsync);
        app.UseMiddleware<ReadKeyMiddleware>(new KeySet(options.ReadKey is null ? [] : [options.ReadKey]));
        var wwwroot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(wwwroot))
        {
            var files = new PhysicalFileProvider(wwwroot);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
            app.Use((context, next) => OnlyReadsOfStaticFilesAsync(files, context, next));
        }

        app.UseRouting();
        app.UseRateLimiter();
        app.UseEndpoints(endpoints =>
        {
            HealthEndpoints.Map(endpoints);
            var api = endpoints.MapGroup("/api").AddEndpointFilter(async (context, next) =>
            {
                try
                {
                    return await next(context).ConfigureAwait(false);
                }
                catch (BadQueryException ex)
                {
                    return Results.BadRequest(new ErrorJson(ex.Message));
                }
                catch (ArgumentOutOfRangeException ex)
                {
                    return Results.BadRequest(new ErrorJson(ex.Message));
                }
                catch (StoreUnavailableException ex)
                {
                    context.HttpContext.Response.Headers.RetryAfter = "5";
                    return Results.Json(new ErrorJson(ex.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
                }
                catch (Exception ex) when (ex is RunNotLoadedException or LiveStateUnavailableException)
                {
                    context.HttpContext.Response.Headers.RetryAfter = "1";
                    return Results.Json(new ErrorJson(ex.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
                }
                catch (PartitionNotOwnedException ex)
                {
                    return NotOwned(ex);
                }
            });
            ProfileEndpoints.Map(api);
            ReadEndpoints.Map(api);
            CollectorEndpoints.Map(endpoints);
            // The one document by its name alone: any other name is an unknown path, answered as JSON (the
            // {documentName} pattern answered it with a plain-text 404).
            endpoints.MapOpenApi("/openapi/v1.json");
        });
        return app;
    }

    // A process instance answers for the partitions it owns; routing to the owner is the caller's (see README, Serving).
    private static IResult NotOwned(PartitionNotOwnedException ex) => Results.Problem(
        detail: ex.Message,
        statusCode: StatusCodes.Status404NotFound,
        title: "The user's partition is served by another processor instance",
        extensions: new Dictionary<string, object?>
        {
            ["error"] = ex.Message,
            ["user_id"] = ex.UserId,
            ["partition"] = ex.Partition,
        });

    // Without a read key the server listens on loopback only, and anything on this machine may read. A web page could
    // too, by DNS rebinding (its own host name made to point at 127.0.0.1), were any Host header answered. (ASP.NET's
    // host filtering would answer such a request with an empty 400, before this pipeline's JSON errors.)
    private static async Task LoopbackHostOnlyAsync(HttpContext context, RequestDelegate next)
    {
        // Any loopback address written out (127.0.0.2, which the server may listen on) is as safe as 127.0.0.1: a
        // rebinding attack needs a host name, and a page's own name is never an address.
        string host = context.Request.Host.Host;
        if (s_loopbackHosts.Contains(host, StringComparer.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address)))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.Response.WriteAsJsonAsync(new ErrorJson(
            $"Host '{context.Request.Host}' is not this server: without a read key it answers to {string.Join(", ", s_loopbackHosts)} and other loopback addresses only")).ConfigureAwait(false);
    }

    // The static files answer GET and HEAD; another method on one of them fell through to "no such endpoint" (404),
    // where the API's paths answer a wrong method 405 with Allow. The status pages write the JSON body.
    private static Task OnlyReadsOfStaticFilesAsync(IFileProvider files, HttpContext context, RequestDelegate next)
    {
        string method = context.Request.Method;
        string path = context.Request.Path.Value is "/" or null ? "/index.html" : context.Request.Path.Value;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || files.GetFileInfo(path) is not { Exists: true, IsDirectory: false })
            return next(context);
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = "GET, HEAD";
        return Task.CompletedTask;
    }

    // Routing's own refusals (no such endpoint, a method it does not take) come without a body: every error is JSON.
    private static async Task WriteStatusErrorAsync(StatusCodeContext status)
    {
        var http = status.HttpContext;
        string message = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"no such endpoint: {http.Request.Method} {http.Request.Path}",
            StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}",
            int code => $"HTTP {code}",
        };
        await http.Response.WriteAsJsonAsync(new ErrorJson(message)).ConfigureAwait(false);
    }

    // A bug or a failing disk: one generic line to the caller (details stay in the server's log), never a stack trace.
    private static async Task HandleExceptionAsync(HttpContext context)
    {
        // Kestrel's own refusals (a body over its size limit, a malformed request) carry their status code.
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var bad = error as BadHttpRequestException;
        context.Response.StatusCode = bad?.StatusCode ?? StatusCodes.Status500InternalServerError;
        await context.Response.WriteAsJsonAsync(new ErrorJson(bad?.Message ?? "internal error")).ConfigureAwait(false);
    }
}
