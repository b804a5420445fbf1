using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ShopStream.Api.Metrics;
using ShopStream.Api.Store;

namespace ShopStream.Api.Endpoints;

/// <summary><c>/healthz</c> (the process answers), <c>/readyz</c> (a run is loaded) and <c>/metrics</c> (Prometheus text).</summary>
internal static class HealthEndpoints
{
    private static readonly string[] s_getOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(IEndpointRouteBuilder app)
    {
        // HEAD too: health checkers often probe with it.
        app.MapMethods("/healthz", s_getOrHead, () => Results.Ok(new { status = "ok" }))
            .WithSummary("Liveness: 200 while the process serves requests");
        app.MapMethods("/readyz", s_getOrHead, (IRunAnalytics analytics) => analytics.Status.Ready
                ? Results.Ok(new { status = "ready" })
                : Results.Json(new { status = "loading" }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithSummary("Readiness: 200 once a finished run is loaded, 503 before");
        app.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Scrape(), PrometheusExporter.ContentType))
            .WithSummary("Metrics in the Prometheus text format")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
    }
}
