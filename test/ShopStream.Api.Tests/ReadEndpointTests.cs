using System.Net;
using System.Text.Json;
using ShopStream.Tests;

namespace ShopStream.Api.Tests;

public sealed class ReadEndpointTests : IClassFixture<ReadEndpointTests.Fixture>
{
    private readonly Fixture _fixture;
    private readonly HttpClient _client;

    public ReadEndpointTests(Fixture fixture)
    {
        _fixture = fixture;
        _client = fixture.Factory.CreateClient();
    }

    public sealed class Fixture : IDisposable
    {
        public ApiFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    private async Task<JsonElement> GetJson(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{url}: expected {expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Times_finer_than_a_second_show_to_the_microsecond_and_whole_seconds_as_before()
    {
        // Cut to the second, a collected event's milliseconds were lost (profiles.csv keeps them), and profiles sorted
        // by last_seen showed equal times out of user-id order.
        using var factory = new ApiFactory(writeRun: false);
        string input = Path.Combine(factory.Folder, "events.jsonl");
        File.WriteAllLines(input,
        [
            """{"event_id":"a","event_time":"2019-10-01T00:07:00.25Z","event_type":"view","user_id":20,"product_id":1,"price":1}""",
            """{"event_id":"b","event_time":"2019-10-01T00:07:00.9999999Z","event_type":"view","user_id":21,"product_id":1,"price":1}""",
            """{"event_id":"c","event_time":"2019-10-01T00:07:00Z","event_type":"view","user_id":22,"product_id":1,"price":1}""",
        ]);
        SampleRun.WriteTo(factory.Folder, input);
        using var client = factory.CreateClient();

        var page = JsonDocument.Parse(await client.GetStringAsync("/api/profiles?sort=last_seen")).RootElement.GetProperty("items");

        Assert.Equal(
            ["21 2019-10-01T00:07:00.999999Z", "20 2019-10-01T00:07:00.25Z", "22 2019-10-01T00:07:00Z"],
            page.EnumerateArray().Select(p => $"{p.GetProperty("user_id").GetInt64()} {p.GetProperty("last_seen").GetString()}"));
    }

    [Theory]
    [InlineData("/api/summary", HttpStatusCode.OK)]
    [InlineData("/api/profiles/abc", HttpStatusCode.BadRequest)]
    [InlineData("/no/such/page", HttpStatusCode.NotFound)]
    [InlineData("/app.js", HttpStatusCode.OK)]
    public async Task Every_answer_carries_the_security_headers_errors_too(string url, HttpStatusCode expected)
    {
        using var response = await _client.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.StartsWith("default-src 'none';", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task Health_and_readiness_answer_ok_once_the_run_is_loaded()
    {
        Assert.Equal("ok", (await GetJson("/healthz")).GetProperty("status").GetString());
        Assert.Equal("ready", (await GetJson("/readyz")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Summary_is_the_runs_summary_json_byte_for_byte_and_matches_the_golden_values()
    {
        using var response = await _client.GetAsync("/api/summary");
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_fixture.Factory.Folder, "summary.json")), body);
        GoldenSummary.AssertMatches(JsonDocument.Parse(body).RootElement);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString()); // the one answer without a charset
    }

    [Fact]
    public async Task Profile_by_id_is_the_profiles_csv_row_with_specs_field_names()
    {
        var p = await GetJson("/api/profiles/515384420");
        Assert.Equal(515384420, p.GetProperty("user_id").GetInt64());
        Assert.Equal(10, p.GetProperty("events").GetInt32());
        Assert.Equal(5, p.GetProperty("carts").GetInt32());
        Assert.Equal(1747.79m, p.GetProperty("revenue").GetDecimal());
        Assert.Equal("2019-10-01T02:20:24Z", p.GetProperty("first_seen").GetString());
        Assert.Equal("electronics.smartphone", p.GetProperty("top_category").GetString());
        Assert.Equal("high_value", p.GetProperty("segment").GetString());
        var names = p.EnumerateObject().Select(x => x.Name).ToArray();
        Assert.Equal(
            ["user_id", "events", "views", "carts", "removes", "purchases", "revenue", "first_seen", "last_seen", "sessions", "products_viewed", "top_category", "top_brand", "segment"],
            names);
    }

    [Fact]
    public async Task A_profile_with_an_empty_top_category_has_null_there()
    {
        var p = await GetJson("/api/profiles/400972610");
        Assert.Equal(JsonValueKind.Null, p.GetProperty("top_category").ValueKind);
        Assert.Equal("lego", p.GetProperty("top_brand").GetString());
    }

    [Fact]
    public async Task Unknown_user_is_404_and_a_malformed_user_id_is_400()
    {
        Assert.Contains("no profile", (await GetJson("/api/profiles/42", HttpStatusCode.NotFound)).GetProperty("error").GetString());
        Assert.Contains("positive whole number", (await GetJson("/api/profiles/abc", HttpStatusCode.BadRequest)).GetProperty("error").GetString());
        await GetJson("/api/profiles/-5", HttpStatusCode.BadRequest);
        // A whole number past 64 bits: the message named only "a positive whole number", which it is.
        Assert.Contains("up to 9223372036854775807", (await GetJson("/api/profiles/99999999999999999999999", HttpStatusCode.BadRequest)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Paging_through_a_segment_sees_every_member_once_in_user_id_order()
    {
        var seen = new List<long>();
        int? page = 1;
        while (page is { } p)
        {
            var result = await GetJson($"/api/profiles?segment=converting&page_size=10&page={p}");
            Assert.Equal(47, result.GetProperty("total").GetInt64());
            foreach (var item in result.GetProperty("items").EnumerateArray())
            {
                Assert.Equal("converting", item.GetProperty("segment").GetString());
                seen.Add(item.GetProperty("user_id").GetInt64());
            }

            page = result.GetProperty("next_page").ValueKind == JsonValueKind.Null ? null : result.GetProperty("next_page").GetInt32();
        }

        Assert.Equal(47, seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(47, seen.Distinct().Count());
    }

    [Fact]
    public async Task Sorting_by_revenue_puts_the_highest_first_and_min_revenue_filters()
    {
        var result = await GetJson("/api/profiles?sort=revenue&min_revenue=100&page_size=1000");
        var revenues = result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("revenue").GetDecimal()).ToArray();
        Assert.NotEmpty(revenues);
        Assert.Equal(revenues.OrderDescending(), revenues);
        Assert.All(revenues, r => Assert.True(r >= 100));
        Assert.Equal(1747.79m, revenues[0]);
        Assert.Equal(revenues.Length, result.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Min_revenue_takes_an_exponent()
    {
        var plain = await GetJson("/api/profiles?min_revenue=1000&page_size=1000");
        var exponent = await GetJson("/api/profiles?min_revenue=1e3&page_size=1000");
        Assert.True(plain.GetProperty("total").GetInt64() > 0);
        Assert.Equal(plain.GetProperty("total").GetInt64(), exponent.GetProperty("total").GetInt64());

        // Past decimal's 28 places a positive minimum is still above 0: it read as 0 and matched every user.
        var all = (await GetJson("/api/profiles?page_size=1")).GetProperty("total").GetInt64();
        var paying = (await GetJson("/api/profiles?min_revenue=0.001&page_size=1")).GetProperty("total").GetInt64();
        Assert.InRange(paying, 1, all - 1);
        Assert.Equal(paying, (await GetJson("/api/profiles?min_revenue=1e-30&page_size=1")).GetProperty("total").GetInt64());
        Assert.Equal(paying, (await GetJson("/api/profiles?min_revenue=1e-400&page_size=1")).GetProperty("total").GetInt64()); // past a double's range too
        Assert.Equal(all, (await GetJson("/api/profiles?min_revenue=0.0e-400&page_size=1")).GetProperty("total").GetInt64());

        // Past its range the message says the range (it said "a number of at least 0" of 1e29).
        var error = (await GetJson("/api/profiles?min_revenue=1e29", HttpStatusCode.BadRequest)).GetProperty("error").GetString();
        Assert.Equal("min_revenue must be a number from 0 to 7.9e28, got '1e29'", error);
    }

    [Theory]
    [InlineData("page=-1", "page")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=100000", "page_size")]
    [InlineData("page_size=1.5", "page_size")]
    [InlineData("page_size=2%00", "page_size")] // .NET's parser ignores trailing NULs: it was read as 2
    [InlineData("min_revenue=1000%00", "min_revenue")]
    [InlineData("segment=vip", "segment")]
    [InlineData("min_revenue=-5", "min_revenue")]
    [InlineData("min_revenue=lots", "min_revenue")]
    [InlineData("min_revenue=1e40", "min_revenue")]
    [InlineData("sort=name", "sort")]
    public async Task Bad_search_parameters_are_400_naming_the_parameter(string query, string parameter)
    {
        var error = (await GetJson("/api/profiles?" + query, HttpStatusCode.BadRequest)).GetProperty("error").GetString();
        Assert.StartsWith(parameter + " must be", error);
    }

    [Theory]
    [InlineData("/api/metrics/hourly?from=yesterday")]
    [InlineData("/api/metrics/minute?last=0")]
    [InlineData("/api/products/top?by=price")]
    [InlineData("/api/products/top?limit=1000")]
    [InlineData("/api/alerts?limit=-1")]
    [InlineData("/api/metrics/minute?last=2%00%00")]
    public async Task Bad_analytics_parameters_are_400_with_a_reason(string url)
    {
        Assert.Contains("must be", (await GetJson(url, HttpStatusCode.BadRequest)).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("from=10/01/2019")] // month first or day first: it depends on who wrote it
    [InlineData("from=Tue,%2001%20Oct%202019%2000:00:00%20GMT")]
    [InlineData("to=9999-12-31T23:59:59-01:00")] // past 9999 in UTC
    public async Task Times_are_ISO_8601_only(string query)
    {
        var error = (await GetJson("/api/metrics/hourly?" + query, HttpStatusCode.BadRequest)).GetProperty("error").GetString();
        Assert.Contains("must be an ISO 8601 time", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2019-10-01", 3)] // midnight UTC
    [InlineData("2019-10-01T01:00", 2)] // no offset: UTC
    [InlineData("2019-10-01T02:30:00.5%2B01:00", 1)] // 01:30:00.5 UTC: the 02:00 window only
    [InlineData("2019-10-01T01:00:00Z", 2)]
    public async Task Iso_times_with_or_without_an_offset_select_from_their_utc_instant(string from, int hours)
    {
        var items = (await GetJson($"/api/metrics/hourly?from={from}&to=2019-10-01T03:00:00Z")).GetProperty("items");
        Assert.Equal(hours, items.GetArrayLength());
    }

    [Fact]
    public async Task A_range_that_ends_before_it_starts_is_400()
    {
        var error = (await GetJson("/api/metrics/minute?from=2019-10-01T02:00:00Z&to=2019-10-01T01:00:00Z", HttpStatusCode.BadRequest)).GetProperty("error").GetString();
        Assert.Equal("from (2019-10-01T02:00:00Z) is after to (2019-10-01T01:00:00Z)", error);
    }

    [Fact]
    public async Task Hourly_metrics_cover_every_accepted_event_once_and_filter_by_window_start()
    {
        var all = (await GetJson("/api/metrics/hourly")).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(4997, all.Sum(w => w.GetProperty("events").GetInt64())); // 5000 accepted less 3 duplicates
        Assert.Equal(14786.59m, all.Sum(w => w.GetProperty("revenue").GetDecimal()));
        var one = (await GetJson("/api/metrics/hourly?from=2019-10-01T01:00:00Z&to=2019-10-01T02:00:00Z")).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal("2019-10-01T01:00:00Z", Assert.Single(one).GetProperty("window_start").GetString());
    }

    [Fact]
    public async Task Minute_metrics_keep_the_newest_windows_when_asked_for_the_last_n()
    {
        var all = (await GetJson("/api/metrics/minute")).GetProperty("items").EnumerateArray().ToArray();
        var last = await GetJson("/api/metrics/minute?last=5");
        var items = last.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(5, items.Length);
        Assert.Equal(all.Length, last.GetProperty("total").GetInt64());
        Assert.Equal(all[^1].GetProperty("window_start").GetString(), items[^1].GetProperty("window_start").GetString());
        Assert.Equal(4997, all.Sum(w => w.GetProperty("events").GetInt64()));
    }

    [Fact]
    public async Task Funnel_and_segments_follow_the_summary()
    {
        var funnel = await GetJson("/api/funnel");
        Assert.Equal(4893, funnel.GetProperty("views").GetInt64());
        Assert.Equal(50, funnel.GetProperty("carts").GetInt64());
        Assert.Equal(54, funnel.GetProperty("purchases").GetInt64());
        Assert.Equal(0.0102m, funnel.GetProperty("view_to_cart_rate").GetDecimal());
        Assert.Equal(48, funnel.GetProperty("sessions_with_purchase").GetInt64());
        var segments = await GetJson("/api/segments");
        Assert.Equal(1747, segments.GetProperty("users").GetInt64());
        var counts = segments.GetProperty("segments").EnumerateArray().ToDictionary(s => s.GetProperty("segment").GetString()!, s => s.GetProperty("users").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["high_value"] = 1, ["converting"] = 47, ["interested"] = 24, ["active_browser"] = 276, ["casual"] = 1399 }, counts);
    }

    [Fact]
    public async Task Top_products_are_ranked_by_revenue_or_views_from_product_hourly()
    {
        var rows = File.ReadAllLines(Path.Combine(_fixture.Factory.Folder, "product_hourly.csv")).Skip(1).Select(l => l.Split(','));
        var views = rows.GroupBy(r => long.Parse(r[1])).ToDictionary(g => g.Key, g => g.Sum(r => long.Parse(r[2])));
        var top5 = await GetJson("/api/products/top?by=views&limit=5");
        var byViews = top5.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(5, byViews.Length);
        Assert.Equal(views.Count, top5.GetProperty("total").GetInt32()); // every ranked product, as other lists count every match
        var expected = views.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(5).Select(kv => kv.Key).ToArray();
        Assert.Equal(expected, byViews.Select(p => p.GetProperty("product_id").GetInt64()).ToArray());
        var byRevenue = (await GetJson("/api/products/top")).GetProperty("items").EnumerateArray().Select(p => p.GetProperty("revenue").GetDecimal()).ToArray();
        Assert.Equal(10, byRevenue.Length);
        Assert.Equal(byRevenue.OrderDescending(), byRevenue);
        Assert.Equal(1747.79m, byRevenue[0]);
    }

    [Fact]
    public async Task Alerts_are_the_alerts_csv_rows_newest_first()
    {
        int rows = File.ReadAllLines(Path.Combine(_fixture.Factory.Folder, "alerts.csv")).Length - 1;
        var alerts = (await GetJson("/api/alerts?limit=1000")).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(rows, alerts.Length);
        Assert.True(rows > 0, "the sample has traffic alerts");
        var starts = alerts.Select(a => a.GetProperty("window_start").GetString()).ToArray();
        Assert.Equal(starts.OrderDescending(StringComparer.Ordinal), starts);
        var two = await GetJson("/api/alerts?limit=2");
        Assert.Equal(2, two.GetProperty("items").GetArrayLength());
        Assert.Equal(rows, two.GetProperty("total").GetInt32()); // it was the 2 returned
    }

    [Fact]
    public async Task Pipeline_reports_the_run_the_log_and_the_collector()
    {
        var p = await GetJson("/api/pipeline");
        Assert.True(p.GetProperty("store").GetProperty("ready").GetBoolean());
        Assert.Equal(5000, p.GetProperty("events_read").GetInt64());
        Assert.Equal(0, p.GetProperty("rejected_by_reason").GetProperty("field_count").GetInt64());
        Assert.Equal(2, p.GetProperty("log").GetProperty("partitions").GetInt32());
        Assert.True(p.GetProperty("checkpoint_age_seconds").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.String, p.GetProperty("last_checkpoint").ValueKind);
    }

    [Fact]
    public async Task An_unknown_openapi_document_is_a_json_404()
    {
        // Was a plain-text "No OpenAPI document with the name 'v2' was found."
        Assert.StartsWith("no such endpoint: GET /openapi/v2.json", (await GetJson("/openapi/v2.json", HttpStatusCode.NotFound)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_lists_every_endpoint()
    {
        var doc = await GetJson("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected =
        [
            "/healthz", "/readyz", "/metrics", "/api/profiles/{userId}", "/api/profiles", "/api/summary", "/api/metrics/hourly",
            "/api/metrics/minute", "/api/funnel", "/api/segments", "/api/products/top", "/api/alerts", "/api/pipeline",
            "/api/collect", "/api/collect/batch",
        ];
        Assert.All(expected, e => Assert.Contains(e, paths));
        var search = doc.GetProperty("paths").GetProperty("/api/profiles").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["segment", "min_revenue", "sort", "page", "page_size"], search);
        // Every read answers 503 until a run is loaded (but the pipeline's status), and a generated client should know.
        foreach (string path in expected.Where(e => e.StartsWith("/api/", StringComparison.Ordinal) && e is not ("/api/pipeline" or "/api/collect" or "/api/collect/batch")).Append("/readyz"))
        {
            Assert.True(doc.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses").TryGetProperty("503", out _), $"{path} lists no 503");
        }

        // The collector needs a write key, by either header: a generated client has to know (the document had no
        // security at all). Without a read key, reads need none.
        var schemes = doc.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-Write-Key", schemes.GetProperty("writeKey").GetProperty("name").GetString());
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.False(schemes.TryGetProperty("readKey", out _));
        string[][] alternatives = [["bearer"], ["writeKey"]];
        Assert.Equal(alternatives, Security(doc, "/api/collect/batch", "post"));
        Assert.Empty(Security(doc, "/api/summary", "get"));
    }

    private static string[][] Security(JsonElement doc, string path, string method) =>
        doc.GetProperty("paths").GetProperty(path).GetProperty(method).TryGetProperty("security", out var security)
            ? [.. security.EnumerateArray().Select(r => r.EnumerateObject().Select(p => p.Name).ToArray())]
            : [];
}
