using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ShopStream.Api.Collector;
using ShopStream.Api.Metrics;

namespace ShopStream.Api.Tests;

public sealed partial class MetricsTests
{
    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*")(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*")*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$""")]
    private static partial Regex SampleLine();

    private static Dictionary<string, double> Samples(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        string family = "", type = "";
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                Assert.Matches("^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$", line);
                if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
                    (family, type) = (line.Split(' ')[2], line.Split(' ')[3]);
                continue;
            }

            Assert.Matches(SampleLine(), line);

            // Format 0.0.4: a sample is named as its family (a counter's _total included); a histogram adds suffixes.
            string name = line.Split('{', ' ')[0];
            string[] names = type == "histogram" ? [family + "_bucket", family + "_sum", family + "_count"] : [family];
            Assert.True(names.Contains(name), $"sample {name} under # TYPE {family} {type}");
            int space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return samples;
    }

    [Fact]
    public async Task Collector_counters_read_zero_before_anyone_sends()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();

        var s = Samples(await client.GetStringAsync("/metrics"));

        // They were absent until their first event, which a dashboard's rate() shows as "no data".
        Assert.Equal(0, s["shopstream_collector_events_accepted_total"]);
        Assert.Equal(0, s["shopstream_collector_events_rejected_total{reason=\"json\"}"]);
        Assert.Equal(0, s["shopstream_collector_requests_rejected_total{status=\"415\"}"]);
        Assert.Equal(9, s.Keys.Count(k => k.StartsWith("shopstream_collector_events_rejected_total{", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_collector_run_and_http_series()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        await client.GetStringAsync("/api/summary");
        await client.GetStringAsync("/api/summary");
        using var batch = new HttpRequestMessage(HttpMethod.Post, "/api/collect/batch")
        {
            Content = new StringContent(
                """[{"event_time":"2019-10-01T03:00:00Z","event_type":"view","user_id":1,"product_id":1,"price":1},{"event_time":"x","event_type":"view","user_id":1,"product_id":1,"price":1},{"event_time":"2019-10-01T03:00:00Z","event_type":"view","user_id":2,"product_id":1,"price":1}]""",
                Encoding.UTF8, "application/json"),
        };
        batch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.WriteKey);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await client.SendAsync(batch)).StatusCode);
        await client.PostAsync("/api/collect", new StringContent("{}")); // 401

        using var response = await client.GetAsync("/metrics");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        var s = Samples(text);
        Assert.Equal(2, s["shopstream_collector_events_accepted_total"]);
        Assert.Equal(1, s["shopstream_collector_events_rejected_total{reason=\"event_time\"}"]);
        Assert.Equal(1, s["shopstream_collector_requests_rejected_total{status=\"401\"}"]);
        Assert.Equal(5000, s["shopstream_run_events_read"]);
        Assert.Equal(5000, s["shopstream_run_events_accepted"]);
        Assert.Equal(0, s["shopstream_run_events_rejected{reason=\"field_count\"}"]);
        Assert.Equal(2, s["shopstream_log_events"]);
        Assert.True(s["shopstream_run_checkpoint_age_seconds"] >= 0);
        Assert.Equal(1, s["shopstream_collector_append_duration_seconds_count"]);
        Assert.Contains("# TYPE shopstream_collector_events_accepted_total counter", text);
        Assert.Contains("# TYPE shopstream_run_events_read gauge", text);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text);

        string summary = s.Keys.Single(k => k.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
            && k.Contains("http_route=\"/api/summary\"", StringComparison.Ordinal) && k.Contains("http_response_status_code=\"200\"", StringComparison.Ordinal));
        Assert.Equal(2, s[summary]);
        string inf = summary.Replace("_count{", "_bucket{", StringComparison.Ordinal).Replace("}", ",le=\"+Inf\"}", StringComparison.Ordinal);
        Assert.Equal(2, s[inf]);
    }

    [Fact]
    public async Task Events_appended_for_a_client_that_left_mid_append_are_counted_as_accepted()
    {
        // The append goes on when the request is aborted; the counter was only added to when the request went on,
        // so a client that reset the connection left events in the log that /metrics never counted.
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        await client.GetStringAsync("/healthz"); // builds the host
        var batch = new BatchParser(10, 65536).ParseBatch(
            """[{"event_time":"2019-10-01T03:00:00Z","event_type":"view","user_id":1,"product_id":1,"price":1},{"event_time":"2019-10-01T03:00:01Z","event_type":"view","user_id":2,"product_id":1,"price":1}]"""u8);
        var services = factory.Services;

        // Mostly the request gives up before the append: an append that already finished (a fast writer thread) is
        // returned as finished, and the test then failed on the missing exception, not on what it checks.
        try
        {
            await ShopStream.Api.Endpoints.CollectorEndpoints.AppendAsync(
                services, services.GetRequiredService<ApiMetrics>(), services.GetRequiredService<CollectorStats>(), batch, new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        Dictionary<string, double> s;
        do
        {
            s = Samples(await client.GetStringAsync("/metrics"));
        }
        while (s.GetValueOrDefault("shopstream_collector_events_accepted_total") < 2 && DateTime.UtcNow < deadline && await Task.Delay(20).ContinueWith(_ => true));
        Assert.Equal(2, s["shopstream_log_events"]);
        Assert.Equal(2, s.GetValueOrDefault("shopstream_collector_events_accepted_total"));
    }

    [Fact]
    public void Histograms_are_cumulative_with_le_bounds_sum_and_count()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var exporter = new PrometheusExporter(factory);
        var meter = factory.Create(ApiMetrics.MeterName);
        var histogram = meter.CreateHistogram<double>("test.latency", "s", "Latency");
        var counter = meter.CreateCounter<long>("test.requests", "{request}", "Requests");
        foreach (var v in new[] { 0.0004, 0.001, 0.003, 0.2, 20.0 })
            histogram.Record(v, new KeyValuePair<string, object?>("path", "/a\"b"));
        counter.Add(3);
        counter.Add(4);

        var s = Samples(exporter.Scrape());
        Assert.Equal(7, s["test_requests_total"]);
        const string labels = "path=\"/a\\\"b\"";
        Assert.Equal(1, s[$"test_latency_seconds_bucket{{{labels},le=\"0.0005\"}}"]);
        Assert.Equal(2, s[$"test_latency_seconds_bucket{{{labels},le=\"0.001\"}}"]); // a value on a bound counts in it
        Assert.Equal(3, s[$"test_latency_seconds_bucket{{{labels},le=\"0.005\"}}"]);
        Assert.Equal(4, s[$"test_latency_seconds_bucket{{{labels},le=\"10\"}}"]);
        Assert.Equal(5, s[$"test_latency_seconds_bucket{{{labels},le=\"+Inf\"}}"]);
        Assert.Equal(5, s[$"test_latency_seconds_count{{{labels}}}"]);
        Assert.Equal(20.2044, s[$"test_latency_seconds_sum{{{labels}}}"], 6);
    }

    [Fact]
    public void Instruments_of_another_host_are_not_exported()
    {
        using var mine = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var exporter = new PrometheusExporter(mine.GetRequiredService<IMeterFactory>());
        other.GetRequiredService<IMeterFactory>().Create(ApiMetrics.MeterName).CreateCounter<long>("test.other").Add(1);
        Assert.DoesNotContain("test_other", exporter.Scrape());
    }
}
