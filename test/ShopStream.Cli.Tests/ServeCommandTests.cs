using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ShopStream.Core.Log.Embedded;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary><c>shopstream serve</c>: bad arguments are one line and exit 2; a served run answers over real HTTP.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ServeCommandTests
{
    [Fact]
    public void Serve_on_a_missing_folder_exits_2_with_one_line()
    {
        var (code, error) = Cli.Run("serve", "--out", "/nonexistent/shopstream-run", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("no such folder", error, StringComparison.Ordinal);

        // A file (a run's summary.json): it said "no such folder" too.
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("summary.json"), "{}");
        (code, error) = Cli.Run("serve", "--out", temp.File("summary.json"), "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, code);
        Assert.Contains("is a file: --out names a run's folder", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_stops_at_sigterm_with_exit_0_and_says_so()
    {
        using var temp = new TempFolder();
        using var serve = LiveProcess.Start(withInput: false, "serve", "--out", temp.Path, "--urls", "http://127.0.0.1:0");
        // "shopstream: serving DIR on http://127.0.0.1:PORT (Ctrl+C to stop)"
        var line = await serve.LineAsync(l => l.Contains(" on http://127.0.0.1:", StringComparison.Ordinal));
        using var http = new HttpClient { BaseAddress = new Uri(line.Split(' ').Single(w => w.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);

        Assert.Equal(0, await serve.StopAsync());
        Assert.Contains("shopstream: stopping: the server stops", serve.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_beyond_loopback_without_a_read_key_exits_2()
    {
        using var temp = new TempFolder();
        var (code, error) = Cli.Run("serve", "--out", temp.Path, "--urls", "http://0.0.0.0:0");
        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("read key (--read-key-file or SHOPSTREAM_READ_KEY)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SHOPSTREAM_READ_KEY", " ")]
    [InlineData("SHOPSTREAM_READ_KEY", ",")]
    [InlineData("SHOPSTREAM_WRITE_KEYS", " , ")]
    public void A_key_variable_set_without_a_key_exits_2_instead_of_leaving_the_endpoints_open(string variable, string value)
    {
        using var temp = new TempFolder();

        var (code, _, error) = Cli.RunProcess(null, new Dictionary<string, string> { [variable] = value }, "serve", "--out", temp.Path, "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, code); // a blank read key served every read without a key
        Cli.AssertOneLineError(error);
        Assert.Contains($"{variable} is set but holds no key", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("http://127.0.0.1:99999")]
    [InlineData("ftp://127.0.0.1:21")]
    public void Serve_on_an_address_that_is_not_one_exits_2_with_one_line(string url)
    {
        using var temp = new TempFolder();
        string key = temp.File("read.key");
        File.WriteAllText(key, "a-read-key-of-some-length");

        // With a read key, so the address itself is what is refused (it was a FormatException's stack trace).
        var (code, error) = Cli.Run("serve", "--out", temp.Path, "--urls", url, "--read-key-file", key);

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains($"'{url}' is not an address to listen on", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1:0", "the server speaks http only")]
    [InlineData("http://localhost:0", "a free port (0) needs an IP address")]
    [InlineData("http://[::ffff:127.0.0.1]:0", "cannot listen on http://[::ffff:127.0.0.1]:0")] // the system refuses an IPv4-mapped address
    public void Serve_on_an_address_Kestrel_cannot_take_exits_2_with_one_line(string url, string reason)
    {
        using var temp = new TempFolder();

        var (code, error) = Cli.Run("serve", "--out", temp.Path, "--urls", url);

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error); // both were an unhandled exception's stack trace
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# the read key goes here\n\n")]
    public void A_read_key_file_without_a_key_exits_2_instead_of_leaving_reads_open(string content)
    {
        using var temp = new TempFolder();
        string key = temp.File("read.key");
        File.WriteAllText(key, content);

        var (code, error) = Cli.Run("serve", "--out", temp.Path, "--urls", "http://127.0.0.1:0", "--read-key-file", key);

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("holds no key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_that_is_missing_is_named_as_a_key_file()
    {
        using var temp = new TempFolder();
        string missing = temp.File("no-such-keys.txt");

        var (code, error) = Cli.Run("serve", "--out", temp.Path, "--urls", "http://127.0.0.1:0", "--write-keys", missing);

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.StartsWith($"shopstream: key file '{missing}' cannot be read: ", error, StringComparison.Ordinal); // .NET's "Could not find file" alone
    }

    [Theory]
    [InlineData("--write-keys", "/nonexistent/keys.txt")]
    [InlineData("--max-batch-events", "0")]
    [InlineData("--reload-interval", "soon")]
    [InlineData("--reload-interval", "30000d")] // was .NET's "dueTime ('2592000000000') must be less than or equal to ..."
    [InlineData("--fsync", "sometimes")]
    public void Serve_with_a_bad_option_exits_2_with_one_line(string option, string value)
    {
        using var temp = new TempFolder();
        var (code, error) = Cli.Run("serve", "--out", temp.Path, "--urls", "http://127.0.0.1:0", option, value);
        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_on_a_port_in_use_exits_2_with_one_line()
    {
        using var temp = new TempFolder();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        // A child process, so the host's console log (stdout) is seen too: it once repeated the error under a stack trace.
        var (code, output, error) = Cli.RunProcess("serve", "--out", temp.Path, "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("address already in use", error, StringComparison.Ordinal);
        Assert.Equal("", Encoding.UTF8.GetString(output));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path)); // the collector's new log and dead-letter file went with it
    }

    [Fact]
    public void Run_serve_on_a_port_in_use_leaves_no_folder_and_serve_keeps_a_log_that_was_there()
    {
        using var temp = new TempFolder();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        string url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var (code, error) = Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.File("out"), "-q", "--serve", url);
        Assert.Equal(2, code);
        Assert.Contains("address already in use", error, StringComparison.Ordinal);
        Assert.False(Path.Exists(temp.File("out"))); // it used to leave out/log (empty partitions) and out/rejected

        string ingested = temp.File("ingested");
        Assert.Equal(0, Cli.Run("ingest", "-i", RepoPaths.Rees46Sample, "-o", ingested, "-q").ExitCode);
        var before = Directory.EnumerateFileSystemEntries(ingested, "*", SearchOption.AllDirectories).Order().ToList();
        Assert.Equal(2, Cli.Run("serve", "--out", ingested, "--urls", url).ExitCode);
        Assert.Equal(before, Directory.EnumerateFileSystemEntries(ingested, "*", SearchOption.AllDirectories).Order().ToList());
        Assert.Contains(Path.Combine(ingested, "log", "meta"), before);

        // A log another process holds: the dead-letter file, made before the log was found held, went too.
        string held = temp.File("held");
        Directory.CreateDirectory(held);
        using (var log = new ShopStream.Core.Log.Embedded.FileEventLogBuilder(Path.Combine(held, "log")).Build())
        {
            var (heldCode, heldError) = Cli.Run("serve", "--out", held, "--urls", "http://127.0.0.1:0");
            Assert.NotEqual(0, heldCode);
            Assert.Contains("already open", heldError, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(Path.Combine(held, "rejected")));
    }

    [Fact]
    public async Task Served_run_answers_over_http_and_a_collected_event_survives_a_kill()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.Path, "--quiet").ExitCode);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "shopstream.dll"), "serve", "--out", temp.Path, "--urls", "http://127.0.0.1:0", "--partitions", "3" })
            start.ArgumentList.Add(a);
        start.Environment["SHOPSTREAM_WRITE_KEYS"] = "key-one-123456,key-two-123456";
        using var process = Process.Start(start)!;
        try
        {
            // "shopstream: serving DIR on http://127.0.0.1:PORT (Ctrl+C to stop)"
            var line = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.NotNull(line);
            var url = line!.Split(' ').Single(w => w.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            GoldenSummary.AssertMatches(JsonDocument.Parse(await http.GetStringAsync("/api/summary")).RootElement);

            using var post = new HttpRequestMessage(HttpMethod.Post, "/api/collect")
            {
                Content = new StringContent("""{"event_time":"2019-10-01T03:00:00Z","event_type":"view","user_id":5,"product_id":9,"price":1}""", Encoding.UTF8, "application/json"),
            };
            post.Headers.Add("X-Write-Key", "key-two-123456");
            Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(post)).StatusCode);
            const string Bad = """{"event_time":"2019-10-01T03:00:00Z","event_type":"view","user_id":5,"product_id":9,"price":-1}""";
            using var bad = new HttpRequestMessage(HttpMethod.Post, "/api/collect") { Content = new StringContent(Bad, Encoding.UTF8, "application/json") };
            bad.Headers.Add("X-Write-Key", "key-two-123456");
            Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(bad)).StatusCode);
        }
        finally
        {
            process.Kill(); // SIGKILL: no chance to flush anything
            await process.WaitForExitAsync();
        }

        using (var log = new FileEventLogBuilder(Path.Combine(temp.Path, "log")).Build())
        {
            Assert.Equal(3, log.Partitions);
            Assert.Equal(1, Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p)));
        }

        // The rejected event is kept beside the log, and process counts it: read = accepted + rejected.
        var deadLetter = JsonDocument.Parse(Assert.Single(File.ReadAllLines(Path.Combine(temp.Path, "rejected", "collector.jsonl")))).RootElement;
        Assert.Equal(("collector", 1L, "price"), (deadLetter.GetProperty("source").GetString(), deadLetter.GetProperty("line").GetInt64(), deadLetter.GetProperty("reason").GetString()));
        Assert.Contains("\"price\":-1", deadLetter.GetProperty("raw").GetString(), StringComparison.Ordinal);
        using var processed = new TempFolder();
        Assert.Equal(0, Cli.Run("process", "--from", temp.Path, "--out", processed.Path, "--quiet").ExitCode);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(processed.Path, "summary.json"))).RootElement;
        Assert.Equal((2L, 1L, 1L), (summary.GetProperty("events_read").GetInt64(), summary.GetProperty("events_accepted").GetInt64(), summary.GetProperty("events_rejected").GetInt64()));
        Assert.Equal(1, summary.GetProperty("rejected_by_reason").GetProperty("price").GetInt64()); // was read 1, rejected 0
    }

    [Fact]
    public async Task Events_collected_into_an_ingested_log_count_as_read_and_accepted()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("ingest", "--input", RepoPaths.Rees46Sample, "--out", temp.Path, "--quiet").ExitCode);
        File.WriteAllText(temp.File("keys"), "key-one-123456\n");
        using (var serve = LiveProcess.Start(withInput: false, "serve", "--out", temp.Path, "--urls", "http://127.0.0.1:0", "--write-keys", temp.File("keys")))
        {
            var line = await serve.LineAsync(l => l.Contains(" on http://127.0.0.1:", StringComparison.Ordinal));
            using var http = new HttpClient { BaseAddress = new Uri(line.Split(' ').Single(w => w.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))) };
            using var post = new HttpRequestMessage(HttpMethod.Post, "/api/collect/batch")
            {
                Content = new StringContent(
                    """[{"event_time":"2019-10-01T02:30:00Z","event_type":"purchase","user_id":42,"product_id":11,"price":5},{"event_time":"bad","event_type":"view","user_id":43,"product_id":11,"price":5}]""",
                    Encoding.UTF8, "application/json"),
            };
            post.Headers.Add("X-Write-Key", "key-one-123456");
            Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(post)).StatusCode);
            Assert.Equal(0, await serve.StopAsync());
        }

        using var processed = new TempFolder();
        Assert.Equal(0, Cli.Run("process", "--from", temp.Path, "--out", processed.Path, "--quiet").ExitCode);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(processed.Path, "summary.json"))).RootElement;
        // The ingest's 5,000 and the collector's two: the accepted one was in the results (its user, its revenue, its
        // type's count) but not in read or accepted, which were the ingest's (5,000 and 5,000).
        Assert.Equal((5002L, 5001L, 1L), (summary.GetProperty("events_read").GetInt64(), summary.GetProperty("events_accepted").GetInt64(), summary.GetProperty("events_rejected").GetInt64()));
        long byType = summary.GetProperty("events_by_type").EnumerateObject().Sum(t => t.Value.GetInt64());
        Assert.Equal(5001L, byType + summary.GetProperty("duplicates_dropped").GetInt64());
        Assert.Equal(1, summary.GetProperty("rejected_by_reason").GetProperty("event_time").GetInt64());
    }
}
