using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ShopStream.Api.Collector;
using ShopStream.Api.Json;
using ShopStream.Api.Metrics;
using ShopStream.Api.Store;
using ShopStream.Core.Output;
using ShopStream.Core.Serving;

namespace ShopStream.Api.Endpoints;

/// <summary>The analytics read endpoints under <c>/api</c>: summary, window metrics, funnel, segments, products, alerts, pipeline.</summary>
internal static class ReadEndpoints
{
    private const int MaxWindows = 100_000;
    private static readonly Dictionary<string, ProductRanking> s_rankings = new(StringComparer.Ordinal)
    {
        ["revenue"] = ProductRanking.Revenue,
        ["views"] = ProductRanking.Views,
    };

    public static void Map(RouteGroupBuilder api)
    {
        api.MapMethods("/summary", ReadMethods.GetOrHead, SummaryAsync)
            .WithSummary("The run summary: summary.json's keys and values (SPEC), 503 before a run is loaded")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").Produces<ErrorJson>(StatusCodes.Status503ServiceUnavailable);
        api.MapMethods("/metrics/hourly", ReadMethods.GetOrHead, HourlyAsync)
            .WithSummary("Hourly window metrics with from <= window_start < to (ISO 8601 UTC; either may be left out), oldest first")
            .Produces<ItemsJson<WindowJson>>().Produces<ErrorJson>(StatusCodes.Status400BadRequest).Produces<ErrorJson>(StatusCodes.Status503ServiceUnavailable);
        api.MapMethods("/metrics/minute", ReadMethods.GetOrHead, MinuteAsync)
            .WithSummary("Minute window metrics with from <= window_start < to, oldest first; last=N keeps the newest N")
            .Produces<ItemsJson<WindowJson>>().Produces<ErrorJson>(StatusCodes.Status400BadRequest).Produces<ErrorJson>(StatusCodes.Status503ServiceUnavailable);
        api.MapMethods("/funnel", ReadMethods.GetOrHead, FunnelAsync)
            .WithSummary("The run's funnel: views, carts, purchases, step rates and the session funnel")
            .Produces<FunnelJson>().Produces<ErrorJson>(StatusCodes.Status503ServiceUnavailable);
        api.MapMethods("/segments", ReadMethods.GetOrHead, SegmentsAsync)
            .WithSummary("Users per segment, in SPEC's rule order")
            .Produces<SegmentsJson>().Produces<ErrorJson>(StatusCodes.Status503ServiceUnavailable);
        api.MapMethods("/products/top", ReadMethods.GetOrHead, TopProductsAsync)
            .WithSummary("The top products over the run by revenue (default) or views; limit 1..100 (default 10)")
            .Produces<ItemsJson<ProductJson>>().Produces<ErrorJson>(StatusCodes.Status400BadRequest).Produces<ErrorJson>(StatusCodes.Status503ServiceUnavailable);
        api.MapMethods("/alerts", ReadMethods.GetOrHead, AlertsAsync)
            .WithSummary("The newest alerts first; limit 1..1000 (default 50)")
            .Produces<ItemsJson<AlertJson>>().Produces<ErrorJson>(StatusCodes.Status400BadRequest).Produces<ErrorJson>(StatusCodes.Status503ServiceUnavailable);
        api.MapMethods("/pipeline", ReadMethods.GetOrHead, PipelineAsync)
            .WithSummary("Pipeline health: served run and its age, counts and rejects by reason, event log size and consumer-group lag, collector throughput")
            .Produces<PipelineJson>();
    }

    // Thrown, not answered here: the group's filter answers it as every other read's 503, with Retry-After.
    // No summary from the store: a store of its own (PostgreSQL, a lake) says what it lacks, whatever the folder holds;
    // else the folder's run is not loaded, and its loading says why.
    internal static RunNotLoadedException NotLoaded(IServingStore store, IRunAnalytics analytics) =>
        store.NoRunMessage is { } empty ? RunNotLoadedException.EmptyStore(empty)
        : analytics.Status.Ready ? RunNotLoadedException.EmptyStore("the serving store holds no run yet")
        : new(analytics.Status.LastError);

    /// <summary>
    /// For a read whose answer came back empty (no rows, no such profile): a store that holds no run at all answers
    /// it as the summary's 503, not as an empty list or a 404. A folder's store throws so by itself; a PostgreSQL store
    /// before its first publication returned empty answers.
    /// </summary>
    internal static async Task RequireRunAsync(IServingStore store, IRunAnalytics analytics, CancellationToken cancellationToken)
    {
        if (!await store.HoldsRunAsync(cancellationToken).ConfigureAwait(false))
            throw NotLoaded(store, analytics);
    }

    private static async Task<IResult> SummaryAsync(IServingStore store, IRunAnalytics analytics, CancellationToken cancellationToken)
    {
        if (await store.SummaryAsync(cancellationToken).ConfigureAwait(false) is not { } summary)
            throw NotLoaded(store, analytics);
        // Exactly summary.json: the same writer, so the API and the file never differ.
        using var buffer = new MemoryStream();
        SummaryJson.Write(buffer, summary);
        return Results.Bytes(buffer.ToArray(), "application/json; charset=utf-8"); // as every other JSON answer
    }

    private static async Task<IResult> HourlyAsync(IServingStore store, IRunAnalytics analytics, [FromQuery] string? from, [FromQuery] string? to, CancellationToken cancellationToken)
    {
        var (start, end) = QueryValues.TimeRange(from, to);
        var rows = await store.HourlyMetricsAsync(start, end, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
            await RequireRunAsync(store, analytics, cancellationToken).ConfigureAwait(false);
        return Results.Ok(Windows(rows, MaxWindows));
    }

    private static async Task<IResult> MinuteAsync(IRunAnalytics analytics, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? last, CancellationToken cancellationToken)
    {
        int keep = QueryValues.Int(last, "last", MaxWindows, 1, MaxWindows);
        var (start, end) = QueryValues.TimeRange(from, to);
        var rows = await analytics.MinuteMetricsAsync(start, end, cancellationToken).ConfigureAwait(false);
        return Results.Ok(Windows(rows, keep));
    }

    // The newest `keep` windows, oldest first; Total counts all that matched.
    private static ItemsJson<WindowJson> Windows(IReadOnlyList<Core.Processing.Windows.WindowResult> rows, int keep)
    {
        int skip = Math.Max(0, rows.Count - keep);
        return new ItemsJson<WindowJson>(rows.Skip(skip).Select(w => WindowJson.Of(w)).ToArray(), rows.Count);
    }

    private static async Task<IResult> FunnelAsync(IServingStore store, IRunAnalytics analytics, CancellationToken cancellationToken)
    {
        if (await store.SummaryAsync(cancellationToken).ConfigureAwait(false) is not { } s)
            throw NotLoaded(store, analytics);
        long views = s.EventsOf("view"), carts = s.EventsOf("cart"), purchases = s.EventsOf("purchase");
        return Results.Ok(new FunnelJson(
            views, carts, purchases, Rate(carts, views), Rate(purchases, carts), Rate(purchases, views),
            s.Sessions, s.SessionsWithCart, s.SessionsWithPurchase, s.AbandonedSessions,
            Math.Round(s.CartAbandonmentRate, 4, MidpointRounding.AwayFromZero)));
    }

    private static async Task<IResult> SegmentsAsync(IServingStore store, IRunAnalytics analytics, CancellationToken cancellationToken)
    {
        if (await store.SummaryAsync(cancellationToken).ConfigureAwait(false) is not { } s)
            throw NotLoaded(store, analytics);
        long users = s.Segments.Sum(x => x.Value);
        return Results.Ok(new SegmentsJson(users, s.Segments.Select(x => new SegmentJson(x.Key, x.Value, Rate(x.Value, users))).ToArray()));
    }

    private static async Task<IResult> TopProductsAsync(IRunAnalytics analytics, [FromQuery] string? by, [FromQuery] string? limit, CancellationToken cancellationToken)
    {
        var ranking = QueryValues.Choice(by, "by", ProductRanking.Revenue, s_rankings);
        int n = QueryValues.Int(limit, "limit", 10, 1, 100);
        // All of them, so total counts every ranked product as other lists' totals count every match.
        var ranked = await analytics.TopProductsAsync(ranking, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new ItemsJson<ProductJson>(
            ranked.Take(n).Select((p, i) => new ProductJson(i + 1, p.ProductId, p.Views, p.Carts, p.Purchases, p.Revenue)).ToArray(), ranked.Count));
    }

    private static async Task<IResult> AlertsAsync(IRunAnalytics analytics, [FromQuery] string? limit, CancellationToken cancellationToken)
    {
        int n = QueryValues.Int(limit, "limit", 50, 1, 1000);
        var alerts = await analytics.AlertsAsync(cancellationToken).ConfigureAwait(false); // total: every alert
        return Results.Ok(new ItemsJson<AlertJson>(
            alerts.Take(n).Select(a => new AlertJson(a.Type, a.Key, a.WindowStart, a.WindowEnd, a.Observed, a.Expected)).ToArray(), alerts.Count));
    }

    private static async Task<IResult> PipelineAsync(
        IServingStore store, IRunAnalytics analytics, EventCollector collector, EventRate rate, CollectorStats stats, TimeProvider time, ServeOptions options,
        HttpContext context, CancellationToken cancellationToken)
    {
        // The live counters before the summary: both only grow and an event is counted read before processed, so
        // read in this order events_processed never exceeds events_read (the other order showed it ahead now and then).
        var live = context.RequestServices.GetService<LivePipeline>();
        var liveJson = live is null ? null : Live(live, time);

        // The diagnostic answer stays up while the store is down (PostgreSQL unreachable): it says so instead of a 503.
        Core.Processing.RunSummary? s = null;
        string? storeError = null;
        try
        {
            s = await store.SummaryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            storeError = ex.Message;
        }
        catch (LiveStateUnavailableException) when (live is { Started: false })
        {
            // Not started yet (restoring its checkpoint): no counts, as before a first run. One busy past the deadline
            // answers 503 as the other reads do, rather than counts of 0 for a moment.
        }

        var status = analytics.Status;
        double? age = status.DataWrittenAt is { } at ? Math.Round((time.GetUtcNow().UtcDateTime - at).TotalSeconds, 1) : null;
        return Results.Ok(new PipelineJson(
            status, status.DataWrittenAt, age,
            s?.EventsRead ?? 0, s?.EventsAccepted ?? 0, s?.EventsRejected ?? 0,
            (s?.RejectedByReason ?? []).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal),
            s?.DuplicatesDropped ?? 0, s?.LateEvents ?? 0,
            Log(collector, options.ConsumerGroup),
            new CollectorJson(collector.Appended, collector.Commits, Math.Round(rate.PerSecond, 1), stats.RequestsRejected),
            liveJson, storeError));
    }

    private static LiveJson Live(LivePipeline live, TimeProvider time)
    {
        var lag = live.Lag;
        var last = live.Checkpoints?.Last;
        return new LiveJson(
            live.Mode, live.Finished, live.StartedAt, live.EventsProcessed, Math.Round(live.EventsPerSecond, 1), live.Partitions, live.OwnedPartitions,
            lag?.Sum(l => l.Lag), lag?.ToDictionary(l => l.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture), l => l.Lag, StringComparer.Ordinal),
            new CheckpointsJson(
                live.Checkpoints?.Written ?? 0, last?.At, last is { } l ? Math.Round(l.Duration.TotalSeconds, 3) : null,
                last is { } a ? Math.Round((time.GetUtcNow().UtcDateTime - a.At).TotalSeconds, 1) : null));
    }

    private static LogJson Log(EventCollector collector, string group)
    {
        var lag = ApiMetrics.LogLag(collector, group);
        return new LogJson(collector.Log is Core.Log.Embedded.FileEventLog f ? f.Directory : "", collector.Log.Partitions,
            ApiMetrics.LogEvents(collector), group, lag.Sum(), lag);
    }

    private static decimal Rate(long part, long whole) => whole == 0 ? 0 : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);
}
