using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Tests;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary>
/// <c>run --serve</c> and <c>process --serve</c> as real processes: profiles mid-run as the events written so far
/// imply them (computed independently), after the end as <c>export profiles</c> prints them, and the pipeline's
/// checkpoint metrics; SIGTERM stops the server with exit code 0.
/// </summary>
public sealed class LiveServeCommandTests
{
    private static readonly string[] s_columns =
        ["user_id", "events", "views", "carts", "removes", "purchases", "revenue", "first_seen", "last_seen", "sessions", "products_viewed", "top_category", "top_brand", "segment"];

    [Fact]
    public async Task Run_fed_slowly_serves_profiles_as_the_events_so_far_imply_then_the_finished_results()
    {
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        const int rowsSoFar = 2000;
        using var temp = new TempFolder();
        string output = Path.Combine(temp.Path, "out");
        using var run = LiveProcess.Start(withInput: true, "run", "--input", "-", "--out", output, "--serve", "http://127.0.0.1:0", "--partitions", "3", "--quiet");
        using var http = new HttpClient { BaseAddress = await run.ServingAsync() };

        await run.WriteLinesAsync(lines.Take(1 + rowsSoFar)); // the header and 2,000 rows, then the writer pauses
        await WaitUntil(async () => (await Json(http, "/api/pipeline")).GetProperty("live").GetProperty("events_processed").GetInt64() == rowsSoFar);
        var (soFar, _) = ReferenceModel.Compute(lines.Take(1 + rowsSoFar));
        var checkedUsers = soFar.OrderByDescending(p => p.Events).ThenBy(p => p.UserId).Take(5).Concat(soFar.Where(p => p.Purchases > 0 || p.Carts > 0)).ToList();
        Assert.True(checkedUsers.Count > 5, "the first rows hold carts or purchases");
        foreach (var expected in checkedUsers)
            AssertProfile(expected, await Json(http, $"/api/profiles/{expected.UserId}"));
        Assert.Equal(soFar.Count, (await Json(http, "/api/summary")).GetProperty("users").GetInt64());
        var (everything, _) = ReferenceModel.Compute(lines);
        long later = everything.Select(p => p.UserId).First(u => soFar.All(p => p.UserId != u));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/profiles/{later}")).StatusCode);

        await run.WriteLinesAsync(lines.Skip(1 + rowsSoFar));
        run.CloseInput();
        Assert.Contains(Path.GetFullPath(output), await run.LineAsync(l => l.Contains("run finished: serving its results", StringComparison.Ordinal)), StringComparison.Ordinal);
        var exported = ExportedProfiles(output);
        foreach (long user in checkedUsers.Select(p => p.UserId).Append(later))
        {
            var json = await Json(http, $"/api/profiles/{user}");
            Assert.Equal(exported[user], s_columns.Select(c => Text(json.GetProperty(c))));
        }

        Assert.Equal(0, await run.StopAsync());
    }

    [Fact]
    public async Task Run_with_serve_exports_checkpoint_and_pipeline_metrics_and_keeps_serving_the_results()
    {
        using var temp = new TempFolder();
        using var run = LiveProcess.Start(withInput: false, "run", "--input", RepoPaths.Rees46Sample, "--out", temp.Path, "--serve", "http://127.0.0.1:0",
            "--checkpoint-every", "1", "--partitions", "2", "--quiet");
        using var http = new HttpClient { BaseAddress = await run.ServingAsync() };
        await run.LineAsync(l => l.Contains("run finished", StringComparison.Ordinal));

        var metrics = Samples(await http.GetStringAsync("/metrics"));
        double written = metrics["shopstream_checkpoints_written_total"];
        Assert.True(written >= 1, "a checkpoint after each input batch");
        Assert.Equal(written, metrics["shopstream_checkpoint_duration_seconds_count"]);
        Assert.InRange(metrics["shopstream_checkpoint_duration_seconds_sum"], 1e-6, 60);
        Assert.InRange(metrics["shopstream_checkpoint_age_seconds"], 0, 120);
        Assert.Equal(5000, metrics["shopstream_pipeline_events_processed_total"]);

        var pipeline = await Json(http, "/api/pipeline");
        var live = pipeline.GetProperty("live");
        Assert.True(live.GetProperty("finished").GetBoolean());
        Assert.Equal("run", live.GetProperty("mode").GetString());
        Assert.Equal(written, live.GetProperty("checkpoints").GetProperty("written").GetInt64());
        Assert.True(live.GetProperty("checkpoints").GetProperty("last_duration_seconds").GetDouble() >= 0);
        GoldenSummary.AssertMatches(await Json(http, "/api/summary"));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(0, await run.StopAsync());
    }

    [Fact]
    public async Task Process_with_serve_answers_for_the_log_and_then_its_results()
    {
        using var temp = new TempFolder();
        string ingested = Path.Combine(temp.Path, "ingest"), output = Path.Combine(temp.Path, "out");
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--partitions", "3").ExitCode);
        using var process = LiveProcess.Start(withInput: false, "process", "--from", ingested, "--out", output, "--serve", "http://127.0.0.1:0", "--quiet");
        using var http = new HttpClient { BaseAddress = await process.ServingAsync() };
        await process.LineAsync(l => l.Contains("process finished: serving its results", StringComparison.Ordinal));

        var live = (await Json(http, "/api/pipeline")).GetProperty("live");
        Assert.Equal("process", live.GetProperty("mode").GetString());
        Assert.Equal([0, 1, 2], live.GetProperty("owned_partitions").EnumerateArray().Select(p => p.GetInt32()));
        Assert.Equal(5000, live.GetProperty("events_processed").GetInt64());
        var exported = ExportedProfiles(output);
        foreach (long user in exported.Keys.Take(20))
        {
            var json = await Json(http, $"/api/profiles/{user}");
            Assert.Equal(exported[user], s_columns.Select(c => Text(json.GetProperty(c))));
        }
        Assert.Equal(0, await process.StopAsync());
    }

    private static void AssertProfile(CustomerProfile expected, JsonElement json)
    {
        Assert.Equal(expected.UserId, json.GetProperty("user_id").GetInt64());
        Assert.Equal(
            [expected.Events, expected.Views, expected.Carts, expected.Removes, expected.Purchases, expected.Sessions, expected.ProductsViewed],
            new[] { "events", "views", "carts", "removes", "purchases", "sessions", "products_viewed" }.Select(c => json.GetProperty(c).GetInt32()));
        Assert.Equal(expected.Revenue, json.GetProperty("revenue").GetDecimal());
        Assert.Equal(Utc(expected.FirstSeen), json.GetProperty("first_seen").GetString());
        Assert.Equal(Utc(expected.LastSeen), json.GetProperty("last_seen").GetString());
        Assert.Equal(expected.TopCategory, json.GetProperty("top_category").GetString());
        Assert.Equal(expected.TopBrand, json.GetProperty("top_brand").GetString());
        Assert.Equal(SegmentRules.Name(expected.Segment), json.GetProperty("segment").GetString());
    }

    // profiles.csv as printed by `export profiles`: each row's columns by user id.
    private static Dictionary<long, string[]> ExportedProfiles(string output)
    {
        var (code, stdout, error) = Cli.RunProcess("export", "profiles", "--out", output);
        Assert.True(code == 0, error);
        var rows = Encoding.UTF8.GetString(stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', s_columns), rows[0]);
        return rows.Skip(1).Select(r => r.Split(',')).ToDictionary(f => long.Parse(f[0], CultureInfo.InvariantCulture));
    }

    // A JSON value as the CSV writes it: strings bare, null empty, numbers as written.
    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };

    private static string Utc(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static async Task<JsonElement> Json(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Dictionary<string, double> Samples(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#'))
            .ToDictionary(l => l[..l.LastIndexOf(' ')], l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture), StringComparer.Ordinal);

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the live state did not catch up within a minute");
            await Task.Delay(50);
        }
    }
}
