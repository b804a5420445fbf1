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
}
