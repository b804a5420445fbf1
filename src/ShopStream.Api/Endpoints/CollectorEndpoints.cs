using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ShopStream.Api.Collector;
using ShopStream.Api.Json;
using ShopStream.Api.Metrics;
using ShopStream.Core.Events;
using ShopStream.Core.Log.Embedded;
using ShopStream.Core.Serving;

namespace ShopStream.Api.Endpoints;

/// <summary>
/// The HTTP collector: <c>POST /api/collect</c> (one event) and <c>POST /api/collect/batch</c> (a JSON array or
/// JSON lines), as is or gzipped (<see cref="CollectorBody"/>). A write key is required (401 without, 403 for a wrong
/// one); bodies over the limits get 413, another Content-Encoding 415, malformed JSON 400; each event is validated as the JSON-lines reader validates it, the valid ones are appended
/// durably to the event log and acknowledged with 202, the others listed by index.
/// </summary>
internal static class CollectorEndpoints
{
    public const string RateLimitPolicy = "collector";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/collect", CollectOneAsync)
            .WithSummary("Collect one event (a JSON object with SPEC's field names); 202 once it is durably in the event log")
            .AddOpenApiOperationTransformer(CollectorOpenApi.DescribeBody)
            .Produces<CollectJson>(StatusCodes.Status202Accepted).Produces<CollectJson>(StatusCodes.Status400BadRequest)
            .Produces<ErrorJson>(StatusCodes.Status401Unauthorized).Produces<ErrorJson>(StatusCodes.Status403Forbidden)
            .Produces<ErrorJson>(StatusCodes.Status413PayloadTooLarge).Produces<ErrorJson>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<ErrorJson>(StatusCodes.Status429TooManyRequests).Produces<ErrorJson>(StatusCodes.Status503ServiceUnavailable)
            .RequireRateLimiting(RateLimitPolicy);
        app.MapPost("/api/collect/batch", CollectBatchAsync)
            .WithSummary("Collect a batch: a JSON array of events, or JSON lines; valid events are accepted (202) and invalid ones listed by index")
            .AddOpenApiOperationTransformer(CollectorOpenApi.DescribeBody)
            .Produces<CollectJson>(StatusCodes.Status202Accepted).Produces<CollectJson>(StatusCodes.Status400BadRequest)
            .Produces<ErrorJson>(StatusCodes.Status401Unauthorized).Produces<ErrorJson>(StatusCodes.Status403Forbidden)
            .Produces<ErrorJson>(StatusCodes.Status413PayloadTooLarge).Produces<ErrorJson>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<ErrorJson>(StatusCodes.Status429TooManyRequests).Produces<ErrorJson>(StatusCodes.Status503ServiceUnavailable)
            .RequireRateLimiting(RateLimitPolicy);
    }

    private static Task<IResult> CollectOneAsync(HttpContext context, CancellationToken cancellationToken) =>
        CollectAsync(context, single: true, cancellationToken);

    private static Task<IResult> CollectBatchAsync(HttpContext context, CancellationToken cancellationToken) =>
        CollectAsync(context, single: false, cancellationToken);

    private static async Task<IResult> CollectAsync(HttpContext context, bool single, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<ServeOptions>();
        var metrics = services.GetRequiredService<ApiMetrics>();
        var stats = services.GetRequiredService<CollectorStats>();

        IResult Refuse(int status, string message)
        {
            metrics.RequestsRejected.Add(1, new KeyValuePair<string, object?>("status", status));
            stats.RequestRejected();
            if (status == StatusCodes.Status401Unauthorized)
                context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Json(new ErrorJson(message), statusCode: status);
        }

        var keys = services.GetRequiredService<WriteKeys>();
        var presented = PresentedKey.Of(context.Request, "X-Write-Key");
        if (presented is null)
            return Refuse(StatusCodes.Status401Unauthorized, "a write key is required (Authorization: Bearer KEY or X-Write-Key: KEY)");
        if (keys.Keys.Match(presented) < 0)
            return Refuse(StatusCodes.Status403Forbidden, keys.Keys.IsEmpty ? "this server accepts no writes: no write keys are configured" : "the write key is not valid");

        var (read, status, error) = await CollectorBody.ReadAsync(context, single ? options.MaxEventBytes : options.MaxBatchBytes, cancellationToken).ConfigureAwait(false);
        if (read is null)
            return Refuse(status, error!);
        using (read)
        {
            var body = read.Bytes;
            if (body.StartsWith("\uFEFF"u8))
                body = body[3..]; // a byte-order mark, as some clients (PowerShell, .NET's UTF8Encoding(true)) send
            if (body.Trim(" \t\r\n"u8).IsEmpty)
                return Refuse(StatusCodes.Status400BadRequest, "the body holds no event");
            long latest = options.MaxFuture > TimeSpan.Zero ? services.GetRequiredService<TimeProvider>().GetUtcNow().UtcTicks + options.MaxFuture.Ticks : long.MaxValue;
            var parser = new BatchParser(single ? 1 : options.MaxBatchEvents, options.MaxEventBytes, latest);
            ParsedBatch batch;
            if (single)
            {
                batch = parser.ParseSingle(body);
            }
            else
            {
                try
                {
                    batch = parser.ParseBatch(body);
                }
                catch (BatchTooLargeException ex)
                {
                    return Refuse(StatusCodes.Status413PayloadTooLarge, ex.Message);
                }
                catch (JsonException ex)
                {
                    return Refuse(StatusCodes.Status400BadRequest, $"malformed JSON: {ex.Message}");
                }
            }

            return await AppendAsync(services, metrics, stats, batch, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static async Task<IResult> AppendAsync(IServiceProvider services, ApiMetrics metrics, CollectorStats stats, ParsedBatch batch, CancellationToken cancellationToken)
    {
        foreach (var error in batch.Errors)
            metrics.EventsRejected.Add(1, new KeyValuePair<string, object?>("reason", error.Reason));
        var collector = services.GetRequiredService<EventCollector>();
        var answer = new CollectJson(batch.Events.Count, batch.Errors.Count, batch.Errors);
        if (batch.Events.Count == 0)
        {
            await collector.AppendAsync([], batch.Rejected, cancellationToken).ConfigureAwait(false);
            answer = answer with { Error = batch.Errors.Count == 0 ? "the batch holds no event" : $"no valid event: {batch.Errors.Count} rejected (see errors)" };
            metrics.RequestsRejected.Add(1, new KeyValuePair<string, object?>("status", StatusCodes.Status400BadRequest));
            stats.RequestRejected();
            return Results.Json(answer, statusCode: StatusCodes.Status400BadRequest);
        }

        // The append goes on when the client leaves, so its counting must too: counted when the request ended, a
        // client that reset the connection mid-append left events in the log that /metrics never counted.
        try
        {
            await AppendAndCountAsync(collector, batch.Events, batch.Rejected, metrics, services.GetRequiredService<EventRate>())
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LogFolderGoneException)
        {
            // Was 202 into files no path reaches. Not retried later (no Retry-After): only a restart opens a log again.
            metrics.RequestsRejected.Add(1, new KeyValuePair<string, object?>("status", StatusCodes.Status503ServiceUnavailable));
            stats.RequestRejected();
            return Results.Json(
                new ErrorJson("the server's event log folder was removed, moved or replaced while it ran: this request's events are not acknowledged (they may be lost with it), and none will be until the server is restarted; send them again then (a copy already logged counts as a duplicate)"),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Json(answer, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task AppendAndCountAsync(
        EventCollector collector, IReadOnlyList<ShopEvent> events, IReadOnlyList<RejectedEvent> rejected, ApiMetrics metrics, EventRate rate)
    {
        var clock = Stopwatch.StartNew();
        await collector.AppendAsync(events, rejected, CancellationToken.None).ConfigureAwait(false);
        metrics.AppendDuration.Record(clock.Elapsed.TotalSeconds);
        metrics.EventsAccepted.Add(events.Count);
        rate.Add(events.Count);
    }

    /// <summary>The partition key of the rate limiter: the index of the request's valid write key, or -1 for every other request.</summary>
    public static int RateLimitKey(HttpContext context) =>
        context.RequestServices.GetRequiredService<WriteKeys>().Keys.Match(PresentedKey.Of(context.Request, "X-Write-Key"));
}
