using System.Net;
using System.Text.Json;
using ShopStream.Core.Ingest;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Serving;
using ShopStream.Tests;

namespace ShopStream.Api.Tests;

/// <summary>
/// The API over a pipeline's live state (<c>run --serve</c>, <c>process --serve</c>): not ready before it starts, 503 when
/// a partition stays busy past the timeout, 404 naming the owning partition for a user another instance serves.
/// </summary>
public sealed class LiveServingTests
{
    private static readonly PipelineOptions s_options = new() { Partitions = 2 };

    [Fact]
    public async Task Before_the_pipeline_starts_it_is_not_ready_and_reads_are_503()
    {
        var live = new LivePipeline("process", TimeSpan.FromSeconds(1));
        using var factory = new ApiFactory(writeRun: false, live: live);
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
        using var profile = await client.GetAsync("/api/profiles/5");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, profile.StatusCode);
        Assert.Equal("1", profile.Headers.RetryAfter?.ToString());
        Assert.Contains("not started", Error(await profile.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        using var summary = await client.GetAsync("/api/summary");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, summary.StatusCode);
        // It said "no finished run is loaded yet (the folder has no summary.json)" while a restarted run restored.
        Assert.Contains("has not started yet", Error(await summary.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        using var pipeline = await client.GetAsync("/api/pipeline"); // the diagnostic answer stays up, with no counts yet
        Assert.Equal(HttpStatusCode.OK, pipeline.StatusCode);
        var counts = JsonDocument.Parse(await pipeline.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, counts.GetProperty("events_read").GetInt64());
        Assert.Equal(JsonValueKind.Null, counts.GetProperty("store_error").ValueKind);

        using var temp = new TempFolder();
        using var host = new PartitionHost(0, s_options, new RunDirectory(temp.Path), "test-run");
        live.Start(s_options, 2, () => new ReadCounters(), () => 0);
        live.Own(host);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/profiles/{UserIn(0)}")).StatusCode);
    }

    [Fact]
    public async Task A_user_of_a_partition_owned_by_another_instance_is_404_naming_the_partition()
    {
        using var temp = new TempFolder();
        var live = new LivePipeline("process", TimeSpan.FromSeconds(1));
        using var host = new PartitionHost(0, s_options, new RunDirectory(temp.Path), "test-run");
        live.Start(s_options, 2, () => new ReadCounters(), () => 0);
        live.Own(host);
        using var factory = new ApiFactory(writeRun: false, live: live);
        using var client = factory.CreateClient();

        long user = UserIn(1);
        using var response = await client.GetAsync($"/api/profiles/{user}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal(1, problem.GetProperty("partition").GetInt32());
        Assert.Equal(user, problem.GetProperty("user_id").GetInt64());
        Assert.Contains("another instance", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(problem.GetProperty("detail").GetString(), problem.GetProperty("error").GetString());

        var pipeline = JsonDocument.Parse(await client.GetStringAsync("/api/pipeline")).RootElement.GetProperty("live");
        Assert.Equal([0], pipeline.GetProperty("owned_partitions").EnumerateArray().Select(p => p.GetInt32()));
        Assert.Equal(2, pipeline.GetProperty("partitions").GetInt32());
    }

    [Fact]
    public async Task A_partition_busy_past_the_timeout_answers_503_instead_of_hanging()
    {
        using var temp = new TempFolder();
        var live = new LivePipeline("process", TimeSpan.FromMilliseconds(300));
        using var host = new PartitionHost(1, s_options, new RunDirectory(temp.Path), "test-run");
        live.Start(s_options, 2, () => new ReadCounters(), () => 0);
        live.Own(host);
        using var factory = new ApiFactory(writeRun: false, live: live);
        using var client = factory.CreateClient();
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var worker = new Thread(() =>
        {
            lock (host.Gate) // a worker stalled in the middle of a batch
            {
                holding.Set();
                release.Wait();
            }
        });
        worker.Start();
        holding.Wait();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var response = await client.GetAsync($"/api/profiles/{UserIn(1)}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
            Assert.Contains("partition 1", Error(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/api/profiles?page_size=10")).StatusCode);
        }
        finally
        {
            release.Set();
            worker.Join();
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/profiles/{UserIn(1)}")).StatusCode);
    }

    [Fact]
    public async Task Events_processed_while_the_summary_is_read_do_not_put_events_processed_ahead_of_events_read()
    {
        using var temp = new TempFolder();
        var live = new LivePipeline("run", TimeSpan.FromSeconds(1));
        using var host = new PartitionHost(0, s_options, new RunDirectory(temp.Path), "test-run");
        // The workers apply a batch while the summary takes the reader's counts (none read here, so any batch
        // counted after them would show more processed than read).
        live.Start(s_options, 2, () => { live.Processed(10); return new ReadCounters(); }, () => 0);
        live.Own(host);
        using var factory = new ApiFactory(writeRun: false, live: live);
        using var client = factory.CreateClient();

        var pipeline = JsonDocument.Parse(await client.GetStringAsync("/api/pipeline")).RootElement;
        Assert.Equal(0, pipeline.GetProperty("events_read").GetInt64());
        Assert.Equal(0, pipeline.GetProperty("live").GetProperty("events_processed").GetInt64());
        Assert.Equal(10, live.EventsProcessed);
    }

    internal static long UserIn(int partition) =>
        Enumerable.Range(1, 1000).Select(u => (long)u).First(u => Partitioner.Of(u, s_options.Partitions) == partition);

    private static string Error(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
}
