using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ShopStream.Tests;

namespace ShopStream.Api.Tests;

public sealed class ReloadAndKeyTests
{
    [Fact]
    public async Task Before_a_run_lands_readyz_and_summary_are_503_and_the_run_is_served_once_written()
    {
        using var factory = new ApiFactory(writeRun: false);
        using var client = factory.CreateClient();
        DateTime deadline;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
        var summary = await client.GetAsync("/api/summary");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, summary.StatusCode);
        Assert.Contains("no finished run", await summary.Content.ReadAsStringAsync());

        // Every read, not the summary alone: an empty list or a 404 would read as a run without that data.
        foreach (var path in new[] { "/api/summary", "/api/profiles/515384420", "/api/profiles", "/api/metrics/hourly", "/api/metrics/minute", "/api/products/top", "/api/alerts", "/api/funnel", "/api/segments" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path}: {(int)response.StatusCode}");
            Assert.True(response.Headers.RetryAfter?.Delta == TimeSpan.FromSeconds(1), $"{path}: Retry-After {response.Headers.RetryAfter}");
            Assert.Contains("no finished run is loaded yet", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A summary that cannot be read says so, rather than that there is none.
        using (var run = new TempFolder())
        {
            SampleRun.WriteTo(run.Path);
            foreach (var file in Directory.GetFiles(run.Path).Where(f => Path.GetFileName(f) != "summary.json"))
                File.Copy(file, Path.Combine(factory.Folder, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(factory.Folder, "summary.json"), """{"events_read": "x" """);
        deadline = DateTime.UtcNow.AddSeconds(10);
        string text;
        while (!(text = await client.GetStringAsync("/api/pipeline")).Contains("JsonReaderException", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the damaged summary was not tried within 10 s: " + text);
            await Task.Delay(100);
        }

        Assert.Contains("the last load failed", await (await client.GetAsync("/api/summary")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        SampleRun.WriteTo(factory.Folder);
        deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await client.GetAsync("/readyz")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the new run was not loaded within 10 s");
            await Task.Delay(100);
        }

        GoldenSummary.AssertMatches(JsonDocument.Parse(await client.GetStringAsync("/api/summary")).RootElement);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/profiles/515384420")).StatusCode);
    }

    [Fact]
    public async Task A_new_run_in_the_folder_replaces_the_served_one()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        Assert.Equal(5000, JsonDocument.Parse(await client.GetStringAsync("/api/summary")).RootElement.GetProperty("events_read").GetInt64());

        using var input = new TempFolder();
        File.WriteAllLines(input.File("small.csv"), File.ReadLines(RepoPaths.Rees46Sample).Take(101));
        await Task.Delay(1100); // a different modification time for summary.json, whatever the file system's resolution
        SampleRun.WriteTo(factory.Folder, input.File("small.csv"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        long read;
        while ((read = JsonDocument.Parse(await client.GetStringAsync("/api/summary")).RootElement.GetProperty("events_read").GetInt64()) != 100)
        {
            Assert.True(DateTime.UtcNow < deadline, $"still serving the old run ({read} events read)");
            await Task.Delay(100);
        }

        var pipeline = JsonDocument.Parse(await client.GetStringAsync("/api/pipeline")).RootElement;
        Assert.True(pipeline.GetProperty("store").GetProperty("loads").GetInt64() >= 2);
    }

    [Fact]
    public async Task Wrong_read_keys_are_held_to_a_rate_together_while_the_right_key_still_reads()
    {
        const string key = "read-key-0123456789";
        var clock = new SteppedClock();
        using var factory = new ApiFactory(o => o with { ReadKey = key }, clock: clock);
        using var client = factory.CreateClient();
        async Task<HttpResponseMessage> Read(string presented)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/summary");
            request.Headers.Add("X-Read-Key", presented);
            return await client.SendAsync(request);
        }

        // A burst of mistakes passes as 403s; the guess after it, from anyone, is 429 (it was 403, at any rate).
        for (int i = 0; i < 100; i++)
            Assert.Equal(HttpStatusCode.Forbidden, (await Read($"guess-{i}")).StatusCode);
        var throttled = await Read("guess-100");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("1", throttled.Headers.GetValues("Retry-After").Single());
        Assert.Contains("wrong read key", JsonDocument.Parse(await throttled.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Read(key)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/summary")).StatusCode); // no key guesses nothing

        // Ten a second come back.
        clock.Now += TimeSpan.FromSeconds(1);
        for (int i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Forbidden, (await Read($"later-{i}")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Read("later-10")).StatusCode);
    }

    // A clock the test sets, its monotonic timestamps too: the throttle reads the time, never a timer.
    private sealed class SteppedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Now.UtcTicks;
    }

    [Fact]
    public async Task With_a_read_key_reads_need_it_but_health_and_the_dashboard_do_not()
    {
        const string key = "read-key-0123456789";
        using var factory = new ApiFactory(o => o with { ReadKey = key });
        using var client = factory.CreateClient();
        var missing = await client.GetAsync("/api/summary");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/openapi/v1.json")).StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/summary");
        wrong.Headers.Add("X-Read-Key", "read-key-wrong-guess");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/summary");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(right)).StatusCode);
        using var header = new HttpRequestMessage(HttpMethod.Get, "/api/profiles/515384420");
        header.Headers.Add("X-Read-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(header)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        // The OpenAPI document says so: reads take the bearer key or X-Read-Key; health checks take none.
        using var openApi = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        openApi.Headers.Add("X-Read-Key", key);
        var doc = JsonDocument.Parse(await (await client.SendAsync(openApi)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("X-Read-Key", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("readKey").GetProperty("name").GetString());
        var reads = doc.GetProperty("paths").GetProperty("/api/summary").GetProperty("get").GetProperty("security");
        Assert.Equal(["bearer", "readKey"], reads.EnumerateArray().Select(r => r.EnumerateObject().Single().Name));
        Assert.False(doc.GetProperty("paths").GetProperty("/healthz").GetProperty("get").TryGetProperty("security", out _));

        // ... and what it answers without the key or with a wrong one (the document listed neither).
        foreach (string path in new[] { "/api/summary", "/api/metrics/hourly", "/api/pipeline" })
        {
            var responses = doc.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses");
            foreach (string status in new[] { "401", "403", "429" })
            {
                string schema = responses.GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
                Assert.Equal("#/components/schemas/ErrorJson", schema);
            }
        }

        Assert.True(doc.GetProperty("components").GetProperty("schemas").TryGetProperty("ErrorJson", out _));
        Assert.False(doc.GetProperty("paths").GetProperty("/healthz").GetProperty("get").GetProperty("responses").TryGetProperty("401", out _));
    }

    [Fact]
    public async Task Without_a_read_key_the_document_lists_no_401_for_reads()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();

        var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        Assert.False(doc.GetProperty("paths").GetProperty("/api/summary").GetProperty("get").GetProperty("responses").TryGetProperty("401", out _));
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://+:8080")]
    [InlineData("http://192.168.1.20:8080")]
    [InlineData("http://shop.example:8080")]
    public void Listening_beyond_loopback_without_a_read_key_is_refused(string url)
    {
        var options = new ServeOptions { OutDirectory = "/tmp", Urls = [url] };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("read key", error.Message);
        (options with { ReadKey = "read-key-0123456789" }).Validate();
    }

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://[::1]:8080")]
    public void Loopback_addresses_need_no_read_key(string url) =>
        new ServeOptions { OutDirectory = "/tmp", Urls = [url] }.Validate();

    [Theory]
    [InlineData("a b")]
    [InlineData("../../../escaped")]
    [InlineData("-starts-with-a-dash")]
    public void A_consumer_group_the_event_log_would_refuse_is_refused_at_start(string group)
    {
        // It was accepted, and /api/pipeline and /metrics then answered 500 for the life of the server.
        var error = Assert.Throws<ArgumentException>(new ServeOptions { OutDirectory = "/tmp", Urls = ["http://127.0.0.1:0"], ConsumerGroup = group }.Validate);
        Assert.StartsWith("a consumer group name is 1..100 letters", error.Message, StringComparison.Ordinal);
    }
}
