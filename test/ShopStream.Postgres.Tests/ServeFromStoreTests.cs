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
        string metrics = await http.GetStringAsync("/metrics");
        string hourly = await http.GetStringAsync("/api/metrics/hourly");

        Assert.Equal(1747, summary.RootElement.GetProperty("users").GetInt64());
        Assert.Equal(14786.59m, summary.RootElement.GetProperty("revenue").GetDecimal());
        Assert.Equal(expected.Revenue, profile.RootElement.GetProperty("revenue").GetDecimal());
        Assert.Equal(expected.Events, profile.RootElement.GetProperty("events").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(SampleRuns.Full.Profiles.Count(p => p.Segment == Core.Processing.Profiles.CustomerSegment.HighValue), search.RootElement.GetProperty("total").GetInt64());
        // Money with two places, as from the run folder: numeric 0 came out as "revenue":0.
        Assert.Contains("\"revenue\":0.00,", hourly, StringComparison.Ordinal);
        Assert.DoesNotMatch("\"revenue\":\\d+[,}]", hourly);
        // The store answers asynchronously: the scrape skipped it and said 0 events read.
        Assert.Contains("\nshopstream_run_events_read 5000", metrics, StringComparison.Ordinal);
        Assert.Contains("\nshopstream_run_events_accepted 5000", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_store_beside_a_loaded_run_is_not_ready_and_its_reads_say_the_store_is_empty()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new TempFolder();
        new Core.Output.RunDirectory(folder.Path).WriteResults(SampleRuns.Full);
        await using var store = new PostgresStoreBuilder(db.ConnectionString).BuildServingStore(); // migrated, nothing published
        await using var api = new ShopStreamServerBuilder(new ServeOptions { OutDirectory = folder.Path, Urls = ["http://127.0.0.1:0"] })
            .WithServingStore(store)
            .Build();
        await api.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(api.Addresses[0]) };

        var ready = await http.GetAsync("/readyz");
        var summary = await http.GetAsync("/api/summary");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode); // was 200 ready
        Assert.Equal("empty", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, summary.StatusCode);
        string error = JsonDocument.Parse(await summary.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;
        Assert.StartsWith("the serving store holds no run yet", error, StringComparison.Ordinal); // was "the folder has no summary.json"
        // Every read the store answers is the same 503, not an empty list or a 404 (as the probe found them).
        foreach (string url in new[] { "/api/profiles", "/api/profiles/515384420", "/api/metrics/hourly" })
        {
            var read = await http.GetAsync(url);
            Assert.True(read.StatusCode == HttpStatusCode.ServiceUnavailable, $"{url}: {(int)read.StatusCode}");
            Assert.StartsWith("the serving store holds no run yet", JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_read_the_server_holds_past_the_read_timeout_is_unavailable_not_a_hang()
    {
        var db = await server.CreateDatabaseAsync();
        var builder = new PostgresStoreBuilder(db.ConnectionString).WithOptions(new PostgresStoreOptions { ReadTimeout = TimeSpan.FromSeconds(1) });
        await using (var sink = builder.BuildSink())
            await sink.PublishAsync(SampleRuns.Head(50));
        await using var store = builder.BuildServingStore();
        Assert.NotNull(await store.SummaryAsync()); // connected, schema checked

        // A server that holds a read (as a stalled one does): a lock no read can pass until this transaction ends.
        await using var blocker = new Npgsql.NpgsqlConnection(db.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var command = new Npgsql.NpgsqlCommand("LOCK TABLE shopstream.profiles IN ACCESS EXCLUSIVE MODE", blocker, transaction))
            await command.ExecuteNonQueryAsync();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<Core.Serving.StoreUnavailableException>(async () => await store.ProfileAsync(1));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20)); // was the 10-minute publication timeout
        Assert.StartsWith("the PostgreSQL store cannot be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_from_a_stalled_server_is_unavailable_after_the_read_timeout_not_twice_it()
    {
        var db = await server.CreateDatabaseAsync();
        var direct = new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString);
        await using var proxy = new FreezingProxy(direct.Host!, direct.Port);
        var through = new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port };
        var builder = new PostgresStoreBuilder(through.ConnectionString).WithOptions(new PostgresStoreOptions { ReadTimeout = TimeSpan.FromSeconds(3) });
        await using (var sink = builder.BuildSink())
            await sink.PublishAsync(SampleRuns.Head(50));
        await using var store = builder.BuildServingStore();
        Assert.NotNull(await store.SummaryAsync()); // a pooled connection, the schema checked
        await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ => await store.SummaryAsync())); // more, for the reads at once below

        proxy.Freeze();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<Core.Serving.StoreUnavailableException>(async () => await store.ProfileAsync(1));

        // 33 s: Npgsql's cancel request went unanswered for 30 s. The limit is 4 s; 10 leaves a loaded 2-core machine room.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(10));

        // Many reads at once: Npgsql's cancel requests to the frozen server block threads, and a probe's 12 reads took
        // 33 to 39 s for a 31 s limit.
        clock.Restart();
        var many = Enumerable.Range(0, 12).Select(async i =>
        {
            await Assert.ThrowsAsync<Core.Serving.StoreUnavailableException>(async () => await store.ProfileAsync(i + 1));
            return clock.Elapsed;
        }).ToList();
        Assert.All(await Task.WhenAll(many), elapsed => Assert.InRange(elapsed, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(10)));
        Assert.StartsWith("the PostgreSQL store cannot be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_dropped_under_the_server_is_unavailable_with_the_reason_not_an_internal_error()
    {
        var db = await server.CreateDatabaseAsync();
        var builder = new PostgresStoreBuilder(db.ConnectionString);
        await using (var sink = builder.BuildSink())
            await sink.PublishAsync(SampleRuns.Head(50));
        await using var store = builder.BuildServingStore();
        Assert.NotNull(await store.SummaryAsync());

        await using (var admin = new Npgsql.NpgsqlConnection(db.ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand("DROP SCHEMA shopstream CASCADE", admin);
            await drop.ExecuteNonQueryAsync();
        }

        // A PostgresException before: 500 "internal error" on every read, /api/pipeline's too.
        var error = await Assert.ThrowsAsync<Core.Serving.StoreUnavailableException>(async () => await store.SummaryAsync());
        Assert.StartsWith("the PostgreSQL store cannot be read: relation \"shopstream.", error.Message, StringComparison.Ordinal);

        await using (var sink = builder.BuildSink())
            await sink.PublishAsync(SampleRuns.Head(50)); // a later run makes it again
        Assert.NotNull(await store.SummaryAsync());
    }

    [Fact]
    public async Task A_read_waiting_on_a_schema_migration_past_the_read_timeout_is_unavailable()
    {
        var db = await server.CreateDatabaseAsync(); // not migrated: the first read migrates
        await using var store = new PostgresStoreBuilder(db.ConnectionString).WithOptions(new PostgresStoreOptions { ReadTimeout = TimeSpan.FromSeconds(1) }).BuildServingStore();
        // Another process migrating (or a stalled server): the migration lock is held.
        await using var holder = new Npgsql.NpgsqlConnection(db.ConnectionString);
        await holder.OpenAsync();
        await using (var command = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({Schema.SchemaMigrator.LockKey})", holder))
            await command.ExecuteNonQueryAsync();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<Core.Serving.StoreUnavailableException>(async () => await store.SummaryAsync());

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20)); // waited for the migration's 10 minutes
    }

    [Fact]
    public async Task A_store_that_cannot_be_reached_is_503_with_retry_after_and_not_ready_instead_of_500()
    {
        using var folder = new TempFolder(); // a run is loaded from the folder: only the store is missing
        var output = new Core.Output.RunDirectory(folder.Path);
        output.WriteResults(SampleRuns.Full);
        // Nothing listens on port 1: what a server that is down or restarting looks like to the pool.
        await using var store = new PostgresStoreBuilder("Host=127.0.0.1;Port=1;Username=postgres;Database=shop;Timeout=2").BuildServingStore();
        await using var api = new ShopStreamServerBuilder(new ServeOptions { OutDirectory = folder.Path, Urls = ["http://127.0.0.1:0"] })
            .WithServingStore(store)
            .Build();
        await api.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(api.Addresses[0]) };

        var summary = await http.GetAsync("/api/summary");
        var profiles = await http.GetAsync("/api/profiles?page_size=5");
        var ready = await http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, summary.StatusCode); // was 500 {"error":"internal error"}
        Assert.Equal("5", summary.Headers.RetryAfter?.ToString());
        Assert.StartsWith("the PostgreSQL store cannot be reached: ", JsonDocument.Parse(await summary.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, profiles.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode); // was 200 ready
        Assert.Equal("unavailable", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());

        // The diagnostic endpoint stays up and says why (it was 503 too).
        var pipeline = await http.GetAsync("/api/pipeline");
        Assert.Equal(HttpStatusCode.OK, pipeline.StatusCode);
        string? why = JsonDocument.Parse(await pipeline.Content.ReadAsStringAsync()).RootElement.GetProperty("store_error").GetString();
        Assert.StartsWith("the PostgreSQL store cannot be reached: ", why, StringComparison.Ordinal);
        Assert.StartsWith("the PostgreSQL store cannot be reached: ", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_read_key_readyz_gives_no_reason_which_names_the_store_s_address()
    {
        using var folder = new TempFolder();
        new Core.Output.RunDirectory(folder.Path).WriteResults(SampleRuns.Full);
        await using var store = new PostgresStoreBuilder("Host=127.0.0.1;Port=1;Username=postgres;Database=shop;Timeout=2").BuildServingStore();
        await using var api = new ShopStreamServerBuilder(new ServeOptions { OutDirectory = folder.Path, Urls = ["http://127.0.0.1:0"], ReadKey = "read-key-0123456789" })
            .WithServingStore(store)
            .Build();
        await api.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(api.Addresses[0]) };

        var ready = await http.GetAsync("/readyz"); // open to all: "Failed to connect to 127.0.0.1:1" was in it

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("unavailable", body.GetProperty("status").GetString());
        Assert.False(body.TryGetProperty("error", out _));
    }
}
