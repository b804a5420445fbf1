using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using ShopStream.Api.Collector;
using ShopStream.Api.Store;
using ShopStream.Core.Processing;
using ShopStream.Core.Serving;
using ShopStream.Core.Validation;

namespace ShopStream.Api.Metrics;

/// <summary>
/// The server's own instruments (OpenTelemetry's metrics API, <see cref="System.Diagnostics.Metrics"/>), on a
/// meter from the host's <see cref="IMeterFactory"/>: collector events accepted and rejected by reason, collector
/// requests refused by status, append latency; and, observed at each scrape, the served run's counts (read,
/// accepted, rejected by reason), its age (time since its last checkpoint), the log's size and the collector's
/// rate. HTTP request counts and latencies come from ASP.NET Core's own <c>http.server.request.duration</c>.
/// </summary>
public sealed class ApiMetrics
{
    public const string MeterName = "ShopStream.Api";

    // The statuses a collector request is refused with whole.
    private static readonly int[] s_refusals =
    [
        StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
        StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status429TooManyRequests,
    ];

    private static readonly TimeSpan SummaryWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SummaryReuse = TimeSpan.FromMilliseconds(250); // one scrape reads the three gauges within it
    private readonly Lock _summaryLock = new();
    private readonly IServingStore _store;
    private (long At, RunSummary? Value)? _summary;

    public ApiMetrics(IMeterFactory meters, IServingStore store, IRunAnalytics analytics, EventCollector collector, EventRate rate, TimeProvider time, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _store = store;
        EventsAccepted = meter.CreateCounter<long>("shopstream.collector.events.accepted", "{event}", "Events the collector appended durably to the log (acknowledged with 202)");
        EventsRejected = meter.CreateCounter<long>("shopstream.collector.events.rejected", "{event}", "Events the collector rejected, by SPEC reason");
        RequestsRejected = meter.CreateCounter<long>("shopstream.collector.requests.rejected", "{request}", "Collector requests refused whole, by HTTP status (400, 401, 403, 413, 415, 429)");
        AppendDuration = meter.CreateHistogram<double>("shopstream.collector.append.duration", "s", "Time from a batch's arrival at the log writer to its durable append");

        // Every counter series the collector can move starts at 0 (they were absent until their first event), so a
        // dashboard's rate() or increase() reads 0 rather than "no data" on a server nobody has sent to yet.
        EventsAccepted.Add(0);
        foreach (var reason in RejectReasons.All)
            EventsRejected.Add(0, new KeyValuePair<string, object?>("reason", RejectReasons.Name(reason)));
        foreach (int status in s_refusals)
            RequestsRejected.Add(0, new KeyValuePair<string, object?>("status", status));

        // The served run's counts are gauges: a new run in the folder replaces them, smaller perhaps, and a counter
        // that went down would read as a reset to rate().
        // No run (or a store that did not answer): no sample, rather than a 0 that reads as a run of nothing.
        meter.CreateObservableGauge("shopstream.run.events.read", () => Summary() is { } s ? [new Measurement<long>(s.EventsRead)] : Array.Empty<Measurement<long>>(),
            "{event}", "Records the served run read");
        meter.CreateObservableGauge("shopstream.run.events.accepted", () => Summary() is { } s ? [new Measurement<long>(s.EventsAccepted)] : Array.Empty<Measurement<long>>(),
            "{event}", "Events the served run accepted");
        meter.CreateObservableGauge("shopstream.run.events.rejected", () => Summary() is { } s
            ? s.RejectedByReason.Select(r => new Measurement<long>(r.Value, new KeyValuePair<string, object?>("reason", r.Key)))
            : [], "{event}", "Records the served run rejected, by SPEC reason");
        meter.CreateObservableGauge("shopstream.run.checkpoint.age", () => analytics.Status.DataWrittenAt is { } at
            ? new[] { new Measurement<double>((time.GetUtcNow().UtcDateTime - at).TotalSeconds) } : [], "s", "Seconds since the served run's results were written (its last checkpoint)");
        meter.CreateObservableCounter("shopstream.store.loads", () => analytics.Status.Loads, "{load}", "Times the run folder was (re)loaded");
        meter.CreateObservableGauge("shopstream.log.events", () => LogEvents(collector), "{event}", "Events held in the embedded event log");
        ArgumentNullException.ThrowIfNull(options);
        meter.CreateObservableGauge("shopstream.log.lag", () => LogLag(collector, options.ConsumerGroup).Select((lag, p) =>
            new Measurement<long>(lag, new KeyValuePair<string, object?>("partition", p))), "{event}", "Events in the log after the consumer group's committed offset, by partition");
        meter.CreateObservableGauge("shopstream.collector.events.per_second", () => rate.PerSecond, "{event}/s", "Events the collector appended per second, over the last 10 seconds");
    }

    public Counter<long> EventsAccepted { get; }

    public Counter<long> EventsRejected { get; }

    public Counter<long> RequestsRejected { get; }

    public Histogram<double> AppendDuration { get; }

    public static long LogEvents(EventCollector collector)
    {
        ArgumentNullException.ThrowIfNull(collector);
        long total = 0;
        for (int p = 0; p < collector.Log.Partitions; p++)
            total += collector.Log.EndOffset(p) - collector.Log.StartOffset(p);
        return total;
    }

    /// <summary>Per partition: events after <paramref name="group"/>'s committed offset (from the start when it never committed).</summary>
    public static long[] LogLag(EventCollector collector, string group)
    {
        ArgumentNullException.ThrowIfNull(collector);
        var log = collector.Log;
        var lag = new long[log.Partitions];
        for (int p = 0; p < lag.Length; p++)
            lag[p] = Math.Max(0, log.EndOffset(p) - Math.Max(log.StartOffset(p), log.Committed(group, p) ?? 0));
        return lag;
    }

    // Observable callbacks are synchronous: a store that answers asynchronously (PostgreSQL: one row) is waited for a
    // moment, once per scrape (the three gauges share the answer); it was skipped, so a server on --store reported 0
    // events read. One that does not answer in time (its read is cancelled), fails, or live state that is busy is
    // skipped this scrape.
    private RunSummary? Summary()
    {
        lock (_summaryLock)
        {
            if (_summary is { } kept && Stopwatch.GetElapsedTime(kept.At) < SummaryReuse)
                return kept.Value;
            RunSummary? value = null;
            using var timeout = new CancellationTokenSource(SummaryWait);
            try
            {
                var pending = _store.SummaryAsync(timeout.Token).AsTask();
                value = pending.Wait(SummaryWait) ? pending.Result : null;
            }
            catch (Exception ex) when (ex is LiveStateUnavailableException or AggregateException or OperationCanceledException)
            {
                value = null;
            }

            _summary = (Stopwatch.GetTimestamp(), value);
            return value;
        }
    }
}
