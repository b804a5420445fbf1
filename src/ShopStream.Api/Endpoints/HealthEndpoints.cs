using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ShopStream.Api.Metrics;
using ShopStream.Api.Store;
using ShopStream.Core.Serving;

namespace ShopStream.Api.Endpoints;

/// <summary><c>/healthz</c> (the process answers), <c>/readyz</c> (a run is loaded) and <c>/metrics</c> (Prometheus text).</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/healthz", ReadMethods.GetOrHead, () => Results.Ok(new { status = "ok" }))
            .WithSummary("Liveness: 200 while the process serves requests");
        app.MapMethods("/readyz", ReadMethods.GetOrHead, ReadyAsync)
            .WithSummary("Readiness: 200 once a finished run is loaded and its store answers with one, 503 before or while it does not")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").Produces(StatusCodes.Status503ServiceUnavailable, contentType: "application/json");
        app.MapMethods("/metrics", ReadMethods.GetOrHead, (PrometheusExporter exporter) => Results.Text(exporter.Scrape(), PrometheusExporter.ContentType))
            .WithSummary("Metrics in the Prometheus text format")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
    }

    // A run loaded is not enough: the store that serves it (PostgreSQL) may be down, and a balancer should send the
    // reads elsewhere meanwhile. The summary is the store's cheapest read.
    private static async Task<IResult> ReadyAsync(IRunAnalytics analytics, IServingStore store, ServeOptions options, CancellationToken cancellationToken)
    {
        // /readyz is open to all; with a read key (a server others can reach) it gives no reason, which may name the
        // store's address: /api/pipeline's store_error, behind the key, does.
        IResult NotReady(string status, string reason) => options.ReadKey is null
            ? Results.Json(new { status, error = reason }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Json(new { status }, statusCode: StatusCodes.Status503ServiceUnavailable);

        if (!analytics.Status.Ready)
            return Results.Json(new { status = "loading" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        try
        {
            // An empty store (a new database) answers every read 503: not ready either, and said why.
            if (await store.SummaryAsync(cancellationToken).ConfigureAwait(false) is null)
                return NotReady("empty", ReadEndpoints.NotLoaded(store, analytics).Message);
        }
        catch (LiveStateUnavailableException)
        {
            // Live state busy past the query deadline is a loaded instance, not one to take out of rotation.
        }
        catch (Exception ex) when (ex is StoreUnavailableException or IOException or InvalidDataException or FormatException)
        {
            return NotReady("unavailable", ex.Message);
        }

        return Results.Ok(new { status = "ready" });
    }
}
