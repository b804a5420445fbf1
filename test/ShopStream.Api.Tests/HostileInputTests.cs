using System.Net;
using System.Text.Json;

namespace ShopStream.Api.Tests;

/// <summary>Odd query values on every read endpoint: a clear 4xx with an error message, never a 500.</summary>
public sealed class HostileInputTests : IClassFixture<HostileInputTests.Fixture>
{
    private readonly HttpClient _client;

    public HostileInputTests(Fixture fixture) => _client = fixture.Factory.CreateClient();

    public sealed class Fixture : IDisposable
    {
        public ApiFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    private static readonly string[] s_values =
    [
        "", "-1", "0", "1.5", "abc", "1e309", "99999999999999999999999", "%00", "%F0%9F%99%82", "%20", "2019-13-45T99:00:00Z",
        "null", "[]", "%27%3B%20DROP%20TABLE%20profiles%3B--", new string('9', 5000),
    ];

    public static TheoryData<string, string> Parameters => new()
    {
        { "/api/profiles", "segment" }, { "/api/profiles", "min_revenue" }, { "/api/profiles", "sort" },
        { "/api/profiles", "page" }, { "/api/profiles", "page_size" }, { "/api/metrics/hourly", "from" },
        { "/api/metrics/hourly", "to" }, { "/api/metrics/minute", "last" }, { "/api/products/top", "by" },
        { "/api/products/top", "limit" }, { "/api/alerts", "limit" },
    };

    [Theory]
    [MemberData(nameof(Parameters))]
    public async Task Odd_values_are_answered_with_200_or_a_400_that_says_why(string path, string parameter)
    {
        foreach (var value in s_values)
        {
            using var response = await _client.GetAsync($"{path}?{parameter}={value}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{parameter}={value[..Math.Min(value.Length, 30)]}: {(int)response.StatusCode} {body}");
            var json = JsonDocument.Parse(body).RootElement;
            if (response.StatusCode == HttpStatusCode.BadRequest)
                Assert.Contains(parameter, json.GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task Odd_user_ids_are_400_or_404_never_500()
    {
        // %00 in a path is refused by the in-memory test server itself (Kestrel answers it with 400).
        foreach (var value in s_values.Where(v => v.Length > 0 && v != "%00"))
        {
            using var response = await _client.GetAsync("/api/profiles/" + value);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{value[..Math.Min(value.Length, 30)]}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("GET", "/api/nope", 404, "no such endpoint: GET /api/nope")]
    [InlineData("DELETE", "/api/summary", 405, "DELETE is not allowed on /api/summary")]
    [InlineData("GET", "/api/collect", 405, "GET is not allowed on /api/collect")]
    [InlineData("POST", "/app.js", 405, "POST is not allowed on /app.js")] // the dashboard's files: they were 404
    [InlineData("DELETE", "/", 405, "DELETE is not allowed on /")]
    [InlineData("POST", "/nope.js", 404, "no such endpoint: POST /nope.js")]
    public async Task Routing_refusals_are_json_errors_like_every_other(string method, string path, int status, string error)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(error, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        if (status == 405)
            Assert.NotEmpty(response.Content.Headers.Allow); // what the path does take
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/metrics")] // these and the reads below were 405 (HTTP: a server that takes GET takes HEAD)
    [InlineData("/api/summary")]
    [InlineData("/api/profiles?segment=converting")]
    [InlineData("/api/metrics/hourly")]
    [InlineData("/api/products/top?limit=3")]
    [InlineData("/api/pipeline")]
    public async Task Every_read_answers_HEAD_as_its_GET_without_the_body(string path)
    {
        using var get = await _client.GetAsync(path);
        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
    }

    [Fact]
    public async Task HEAD_on_a_real_server_sends_the_GET_s_length_and_no_body()
    {
        // Kestrel, not the in-memory test server, leaves a HEAD answer's body out.
        using var temp = new ShopStream.Tests.TempFolder();
        SampleRun.WriteTo(temp.Path);
        await using var server = new ShopStreamServerBuilder(new ServeOptions { OutDirectory = temp.Path, Urls = ["http://127.0.0.1:0"] }).Build();
        await server.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };

        using var get = await client.GetAsync("/api/summary");
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/summary"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal((await get.Content.ReadAsByteArrayAsync()).Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HEAD_is_a_read_a_read_key_guards_and_a_bad_query_fails_as_its_GET()
    {
        using var keyed = new ApiFactory(o => o with { ReadKey = "read-key-0123456789" });
        using var client = keyed.CreateClient();
        using var anonymous = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/summary"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var bad = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/products/top?limit=0"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Without_a_read_key_only_loopback_host_names_are_answered()
    {
        // DNS rebinding: a page on evil.example.com, its name pointed at 127.0.0.1, would read with its own Host.
        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/api/summary") { Headers = { Host = "evil.example.com:8080" } };
        using var refused = await _client.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Host 'evil.example.com:8080' is not this server", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        using var lookalike = new HttpRequestMessage(HttpMethod.Get, "/api/summary") { Headers = { Host = "127.0.0.1.evil.example.com" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.SendAsync(lookalike)).StatusCode);

        // 127.0.0.2 too, which the server may listen on (every request to it was refused)
        foreach (var host in new[] { "localhost", "127.0.0.1:8080", "[::1]:8080", "127.0.0.2:8080" })
        {
            using var local = new HttpRequestMessage(HttpMethod.Get, "/api/summary") { Headers = { Host = host } };
            Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(local)).StatusCode);
        }

        // With a read key (required beyond loopback) any name may reach it: the key guards the reads.
        using var keyed = new ApiFactory(o => o with { ReadKey = "read-key-0123456789" });
        using var client = keyed.CreateClient();
        using var named = new HttpRequestMessage(HttpMethod.Get, "/api/summary") { Headers = { Host = "shop.example.com", Authorization = new("Bearer", "read-key-0123456789") } };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(named)).StatusCode);
    }
}
