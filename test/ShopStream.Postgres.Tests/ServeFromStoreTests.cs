using System.Net;
using System.Text.Json;
using ShopStream.Api;
using ShopStream.Tests;

namespace ShopStream.Postgres.Tests;

/// <summary><c>serve --store postgres://...</c>: profiles, the summary and hourly metrics come from the store, not the run folder.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ServeFromStoreTests(PostgresServer server)
{
    [Fact]
    public async Task A_server_over_the_store_answers_profiles_and_the_summary_from_postgres_with_an_empty_run_folder()
    {
        var db = await server.CreateDatabaseAsync();
        await using (var sink = new PostgresStoreBuilder(db.ConnectionString).BuildSink())
            await sink.PublishAsync(SampleRuns.Full);
        using var empty = new TempFolder(); // no run in it: whatever is answered comes from PostgreSQL
        await using var store = new PostgresStoreBuilder(db.ConnectionString).BuildServingStore();
        await using var api = new ShopStreamServerBuilder(new ServeOptions { OutDirectory = empty.Path, Urls = ["http://127.0.0.1:0"] })
            .WithServingStore(store)
            .Build();
        await api.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(api.Addresses[0]) };
        var expected = SampleRuns.Full.Profiles.OrderByDescending(p => p.Revenue).ThenBy(p => p.UserId).First();

        using var summary = JsonDocument.Parse(await http.GetStringAsync("/api/summary"));
        using var profile = JsonDocument.Parse(await http.GetStringAsync($"/api/profiles/{expected.UserId}"));
        var unknown = await http.GetAsync("/api/profiles/1");
        using var search = JsonDocument.Parse(await http.GetStringAsync("/api/profiles?segment=high_value&page_size=5"));

        Assert.Equal(1747, summary.RootElement.GetProperty("users").GetInt64());
        Assert.Equal(14786.59m, summary.RootElement.GetProperty("revenue").GetDecimal());
        Assert.Equal(expected.Revenue, profile.RootElement.GetProperty("revenue").GetDecimal());
        Assert.Equal(expected.Events, profile.RootElement.GetProperty("events").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(SampleRuns.Full.Profiles.Count(p => p.Segment == Core.Processing.Profiles.CustomerSegment.HighValue), search.RootElement.GetProperty("total").GetInt64());
    }
}
