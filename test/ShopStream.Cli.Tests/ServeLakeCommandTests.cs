using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary><c>shopstream serve --lake</c>: answers from the lake alone; refused with <c>--store</c> or without a lake.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ServeLakeCommandTests
{
    [Fact]
    public void Serve_with_both_lake_and_store_exits_2_with_one_line()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("lake"));
        var (code, error) = Cli.Run("serve", "--out", temp.Path, "--urls", "http://127.0.0.1:0", "--lake", "--store", "postgres://shop@127.0.0.1:1/shop");
        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("--store and --lake", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_with_a_missing_lake_folder_exits_2_with_one_line()
    {
        using var temp = new TempFolder();
        var (code, error) = Cli.Run("serve", "--out", temp.Path, "--urls", "http://127.0.0.1:0", "--lake", temp.File("nowhere"));
        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("no lake at", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_lake_answers_profiles_and_the_summary_from_the_lake_with_an_empty_run_folder()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.File("run"), "--quiet", "--lake").ExitCode);
        Directory.CreateDirectory(temp.File("empty")); // no run in it: whatever is answered comes from the lake
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "shopstream.dll"), "serve", "--out", temp.File("empty"), "--urls", "http://127.0.0.1:0", "--lake", temp.File("run/lake") })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        try
        {
            // "shopstream: serving DIR (profiles, summary and windows from the lake ROOT) on http://127.0.0.1:PORT (Ctrl+C to stop)"
            var line = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.NotNull(line);
            Assert.Contains($"(profiles, summary and windows from the lake {temp.File("run/lake")}) on http", line, StringComparison.Ordinal);
            var url = line!.Split(' ').Single(w => w.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
            using var http = new HttpClient { BaseAddress = new Uri(url) };

            GoldenSummary.AssertMatches(JsonDocument.Parse(await http.GetStringAsync("/api/summary")).RootElement);
            using var top = JsonDocument.Parse(await http.GetStringAsync("/api/profiles?sort=revenue&page_size=1"));
            var best = top.RootElement.GetProperty("items")[0];
            using var profile = JsonDocument.Parse(await http.GetStringAsync($"/api/profiles/{best.GetProperty("user_id").GetInt64()}"));
            Assert.Equal(1747, top.RootElement.GetProperty("total").GetInt64());
            Assert.Equal(best.GetProperty("revenue").GetDecimal(), profile.RootElement.GetProperty("revenue").GetDecimal());
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/profiles/1")).StatusCode);
            Assert.Equal(3, JsonDocument.Parse(await http.GetStringAsync("/api/metrics/hourly")).RootElement.GetProperty("items").GetArrayLength());

            // A data file damaged (or gone, vacuumed with a short --retain): the reads of its table answer 503 with
            // the reason, as a store that cannot be reached does (it was 500 "internal error"); the others still answer.
            string profiles = Directory.GetFiles(temp.File("run/lake/gold/profiles"), "*.parquet").Single();
            byte[] original = File.ReadAllBytes(profiles);
            File.WriteAllBytes(profiles, new byte[original.Length]);
            using (var damaged = await http.GetAsync("/api/profiles?sort=revenue&page_size=1"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, damaged.StatusCode);
                Assert.Equal("5", damaged.Headers.GetValues("Retry-After").Single());
                Assert.StartsWith("the lake cannot be read: ", JsonDocument.Parse(await damaged.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
            }

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/summary")).StatusCode);
            File.WriteAllBytes(profiles, original);

            // As if that run had been killed before its last commit: the lake holds tables but no finished run, and
            // every read says so (503), as the summary does, once the store looks again (every 2 s); they were 200
            // with no items and 404 for the profile.
            File.Delete(temp.File("run/lake/gold/run_summary/_delta_log/00000000000000000000.json"));
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            foreach (string read in new[] { "/api/summary", "/api/profiles", $"/api/profiles/{best.GetProperty("user_id").GetInt64()}", "/api/metrics/hourly" })
            {
                using var answer = await http.GetAsync(read);
                Assert.True(HttpStatusCode.ServiceUnavailable == answer.StatusCode, read);
                // It said "the folder has no summary.json", of the served folder, which was not what lacked a run.
                Assert.StartsWith($"the lake {temp.File("run/lake")} holds no finished run yet: land one with", JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
            }
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Jobs_cron_runs_the_models_over_the_lake_served_and_skips_a_folder_with_no_run()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.File("run"), "--quiet", "--lake", temp.File("shared-lake")).ExitCode);
        Directory.CreateDirectory(temp.File("empty"));
        Directory.CreateDirectory(temp.File("collecting"));

        // Each second: the first line of each is enough.
        string served = await FirstJobsLineAsync("serve", "--out", temp.File("empty"), "--urls", "http://127.0.0.1:0", "--lake", temp.File("shared-lake"), "--jobs-cron", "* * * * * ?");
        string unserved = await FirstJobsLineAsync("serve", "--out", temp.File("collecting"), "--urls", "http://127.0.0.1:0", "--jobs-cron", "* * * * * ?");

        // They ran over empty/lake, made for them: every model failed there, and its history went there.
        Assert.Contains(": ok, ", served, StringComparison.Ordinal);
        Assert.True(Directory.Exists(temp.File("shared-lake/gold/job_runs/_delta_log")));
        Assert.False(Directory.Exists(temp.File("empty/lake")));
        Assert.Contains($"skipped: no run has landed in {temp.File("collecting/lake")} yet", unserved, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("collecting/lake")));
    }

    // Starts serve with args, returns its first "jobs: run ..." line on stdout, and stops it.
    private static async Task<string> FirstJobsLineAsync(params string[] args)
    {
        using var process = Process.Start(ShopstreamProcess.StartInfo(args))!;
        try
        {
            while (true)
            {
                string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
                if (line is null)
                    Assert.Fail("serve ended: " + await process.StandardError.ReadToEndAsync());
                if (line.StartsWith("jobs: run ", StringComparison.Ordinal))
                    return line;
            }
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }
}
