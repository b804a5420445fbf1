using System.Diagnostics;
using System.Text.Json;
using ShopStream.Cli;
using ShopStream.Tests;

namespace ShopStream.Generator.Tests;

/// <summary><c>shopstream generate</c>: files that <c>shopstream run</c> reads back, faults it counts, one-line errors.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class GenerateCommandTests
{
    private static (int ExitCode, string Error) Shopstream(params string[] args)
    {
        var previous = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            return (Program.Main(args), error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllBytes(path)).RootElement.Clone();

    private static long Number(JsonElement e, string path) =>
        (long)(GoldenSummary.Lookup(e, path) ?? throw new InvalidOperationException($"{path} missing"));

    [Theory]
    [InlineData("rees46")]
    [InlineData("jsonl")]
    [InlineData("orders")]
    public void Generated_file_runs_through_shopstream_run(string format)
    {
        using var temp = new TempFolder();
        string file = temp.File("traffic");

        var (code, error) = Shopstream("generate", "--events", "20000", "--format", format, "--seed", "3", "--to", file, "--quiet");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        (code, error) = Shopstream("run", "--input", file, "--out", temp.File("out"), "--quiet");

        Assert.True(code == 0, error);
        var summary = Json(Path.Combine(temp.File("out"), "summary.json"));
        Assert.Equal(20_000, Number(summary, "events_read"));
        Assert.Equal(0, Number(summary, "events_rejected"));
        Assert.Equal(0, Number(summary, "duplicates_dropped"));
    }

    [Fact]
    public void Run_counts_exactly_the_faults_generate_reports()
    {
        using var temp = new TempFolder();
        string file = temp.File("faulty.csv");

        var (code, error) = Shopstream("generate", "-n", "30000", "--to", file, "--stats", temp.File("stats.json"),
            "--duplicates", "0.01", "--late", "0.01", "--disorder", "0.05", "--malformed", "0.002");
        Assert.Equal(0, code);
        Assert.Contains("faults: ", error, StringComparison.Ordinal);
        Assert.Equal(0, Shopstream("run", "-i", file, "-o", temp.File("out"), "-q").ExitCode);

        var stats = Json(temp.File("stats.json"));
        var summary = Json(Path.Combine(temp.File("out"), "summary.json"));
        Assert.Equal(30_000, Number(stats, "records"));
        Assert.Equal(Number(stats, "faults.malformed"), Number(summary, "events_rejected"));
        Assert.Equal(Number(stats, "faults.duplicates"), Number(summary, "duplicates_dropped"));
        Assert.Equal(Number(stats, "faults.late"), Number(summary, "late_events"));
        Assert.True(Number(stats, "faults.late") > 0 && Number(stats, "faults.duplicates") > 0 && Number(stats, "faults.malformed") > 0);
        foreach (var reason in stats.GetProperty("faults").GetProperty("malformed_by_reason").EnumerateObject())
            Assert.Equal(reason.Value.GetInt64(), Number(summary, "rejected_by_reason." + reason.Name));
    }

    [Fact]
    public async Task Standard_output_gets_the_same_bytes_as_a_file()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Shopstream("generate", "-n", "500", "-s", "11", "-f", "jsonl", "-o", temp.File("a.jsonl"), "-q").ExitCode);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "shopstream.dll"), "generate", "-n", "500", "-s", "11", "-f", "jsonl" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var stdout = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(stdout);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(File.ReadAllBytes(temp.File("a.jsonl")), stdout.ToArray());
        Assert.StartsWith("generated 500 jsonl records", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Generating_to_the_event_log_ingests_every_record_once_even_when_run_again()
    {
        using var temp = new TempFolder();
        string to = "log:" + temp.Path;

        var (code, error) = Shopstream("generate", "-n", "3000", "--seed", "5", "--malformed", "0.01", "--to", to, "--stats", temp.File("log-stats.json"), "--inventory", temp.File("log-inventory.jsonl"));
        var (again, errorAgain) = Shopstream("generate", "-n", "3000", "--seed", "5", "--malformed", "0.01", "--to", to);
        // --stats and --inventory are written for a log target as for a file (they were ignored).
        Assert.Equal(0, Shopstream("generate", "-n", "3000", "--seed", "5", "--malformed", "0.01", "--to", temp.File("a.csv"), "--stats", temp.File("file-stats.json"), "--inventory", temp.File("file-inventory.jsonl"), "--quiet").ExitCode);
        Assert.Contains("\"records\": 3000,", File.ReadAllText(temp.File("log-stats.json")), StringComparison.Ordinal);
        Assert.Equal(StatsWithoutTime(temp.File("file-stats.json")), StatsWithoutTime(temp.File("log-stats.json")));
        Assert.NotEmpty(File.ReadAllLines(temp.File("log-inventory.jsonl")));
        Assert.Equal(File.ReadAllBytes(temp.File("file-inventory.jsonl")), File.ReadAllBytes(temp.File("log-inventory.jsonl")));

        Assert.Equal((0, 0), (code, again));
        using var log = new ShopStream.Core.Log.Embedded.FileEventLogBuilder(Path.Combine(temp.Path, "log")).Build();
        long events = Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p));
        long rejected = File.ReadAllLines(Path.Combine(temp.Path, "rejected", "ingest.jsonl")).Length;
        Assert.Equal(3000, events + rejected);
        Assert.True(rejected > 0);
        Assert.Contains($"{events:N0} appended", error, StringComparison.Ordinal);
        Assert.Contains("0 appended (resumed after line", errorAgain, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generate_into_the_log_that_stops_on_its_own_error_leaves_the_ingest_unfinished()
    {
        using var temp = new TempFolder();

        // Sparse traffic reaches 2099 after about 145,000 of the million records asked for: many blocks in the log.
        var (code, error) = Shopstream("generate", "-n", "1000000", "--start", "2090-01-01", "--sessions-per-hour", "1", "--to", "log:" + temp.Path, "--quiet");

        Assert.Equal(2, code);
        Assert.Contains("the traffic reached 2099-01-01", error, StringComparison.Ordinal);
        using var log = new ShopStream.Core.Log.Embedded.FileEventLogBuilder(Path.Combine(temp.Path, "log")).Build();
        // The records it got were taken for the whole stream: marked finished, a retry with other options was
        // appended after them as new input (and process warned of nothing).
        Assert.NotNull(ShopStream.Core.Log.LogIngest.Unfinished(log));
    }

    [Fact]
    public void A_refused_target_leaves_the_stats_file_as_it_was()
    {
        using var temp = new TempFolder();
        string stats = temp.File("stats.json");
        File.WriteAllText(stats, "earlier\n");

        var (code, error) = Shopstream("generate", "-n", "10", "--format", "jsonl", "--to", "http://127.0.0.1:9", "--stats", stats); // no write key

        Assert.Equal(2, code);
        Assert.Contains("write key", error, StringComparison.Ordinal);
        Assert.Equal("earlier\n", File.ReadAllText(stats)); // it was emptied before the target was checked
    }

    [Fact]
    public void A_generate_that_fails_on_one_output_path_leaves_the_others_as_they_were()
    {
        using var temp = new TempFolder();
        string existing = temp.File("events.csv"), inventory = temp.File("inventory.jsonl");
        File.WriteAllText(existing, "the user's own file\n");

        var (code, _) = Shopstream("generate", "-n", "10", "--to", existing, "--inventory", inventory, "--stats", "/dev/null/stats.json");

        Assert.Equal(2, code);
        Assert.Equal("the user's own file\n", File.ReadAllText(existing)); // was emptied before the bad --stats path failed
        Assert.False(File.Exists(inventory)); // made for this generate, removed again

        Assert.Equal(0, Shopstream("generate", "-n", "10", "--to", existing, "--quiet").ExitCode);
        Assert.Equal(11, File.ReadAllLines(existing).Length); // a header and ten events, none of the old content
    }

    [Fact]
    public void A_generate_that_fails_part_way_deletes_the_files_it_wrote_and_leaves_a_device_alone()
    {
        using var temp = new TempFolder();
        string[] sparse = ["generate", "-n", "2000", "--start", "2090-01-01", "--sessions-per-hour", "0.01", "--quiet"];

        var (code, error) = Shopstream([.. sparse, "--to", temp.File("sparse.csv"), "--stats", temp.File("stats.json")]);

        Assert.Equal(2, code);
        Assert.Contains("the traffic reached 2099-01-01", error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("sparse.csv"))); // was left empty, and a later run warned of no records, exit 0
        Assert.False(File.Exists(temp.File("stats.json")));

        // The user's own file was emptied for the traffic: deleted too, and said. Through a symbolic link, the link
        // stays and what it points to is emptied.
        string own = temp.File("own.csv"), target = temp.File("target.csv"), link = temp.File("link.csv");
        File.WriteAllText(own, "old content\n");
        File.WriteAllText(target, "old content\n");
        File.CreateSymbolicLink(link, target);
        (code, error) = Shopstream([.. sparse, "--to", own, "--inventory", link]);
        Assert.Equal(2, code);
        Assert.False(File.Exists(own));
        Assert.Contains($"generate: removed '{own}': it held only part of the traffic", error, StringComparison.Ordinal);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal(0, new FileInfo(target).Length);
        Assert.Contains($"emptied the file the link '{link}' points to", error, StringComparison.Ordinal);

        // /dev/null was there before: kept (it is not a file this generate made, and not a file at all).
        Assert.Equal(2, Shopstream([.. sparse, "--to", "/dev/null"]).ExitCode);
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%F", "/dev/null"]) { RedirectStandardOutput = true })!;
        Assert.Equal("character special file", stat.StandardOutput.ReadToEnd().Trim());
    }

    [Fact]
    public void A_stats_file_that_fails_after_the_traffic_is_whole_leaves_the_traffic()
    {
        // /dev/full takes the open and fails every write (no space left): the traffic was written whole before it, in
        // a folder this generate made; both were deleted as if the traffic were cut short.
        using var temp = new TempFolder();
        string traffic = temp.File("made/traffic.csv");

        var (code, error) = Shopstream("generate", "-n", "100", "--seed", "3", "--to", traffic, "--stats", "/dev/full", "--quiet");

        Assert.Equal(1, code);
        Assert.Contains("No space left on device", error, StringComparison.Ordinal);
        Assert.Equal(101, File.ReadAllLines(traffic).Length); // a header and the hundred records
        Assert.DoesNotContain("held only part of the traffic", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2000", 10_000, 30)]
    [InlineData("0.05", 1, 10)] // a record every 20 s: the wait between two is cut short (it was waited out)
    public async Task SIGTERM_stops_a_generate_and_takes_back_the_files_it_wrote_part_of(string rate, int writtenBytes, int stopSeconds)
    {
        // Paced, so the files are part written for as long as the test needs; they were left cut mid-record (exit 143),
        // and a later run read them as whole traffic.
        using var temp = new TempFolder();
        string traffic = temp.File("traffic.csv"), own = temp.File("inventory.jsonl");
        File.WriteAllText(own, "the user's old file\n");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "shopstream.dll"), "generate", "-n", "10000000", "--rate", rate, "--to", traffic, "--inventory", own, "--quiet" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string pid = process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        async Task Term()
        {
            using var kill = Process.Start("kill", ["-TERM", pid])!;
            await kill.WaitForExitAsync();
        }

        // Sent again as soon as it says it is stopping, as `timeout` sends it twice (to the child, then to its process
        // group): the second ended the process before it had removed the files.
        var stderr = Task.Run(async () =>
        {
            var text = new System.Text.StringBuilder();
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                text.AppendLine(line);
                if (line.StartsWith("shopstream: stopping:", StringComparison.Ordinal))
                    await Term();
            }

            return text.ToString();
        });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(File.Exists(traffic) && new FileInfo(traffic).Length >= writtenBytes) && !process.HasExited && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.False(process.HasExited, "generate ended before it was signalled");
        await Task.Delay(500); // into the wait, for the slow rate

        await Term();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(stopSeconds));

        string error = await stderr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(143, process.ExitCode);
        Assert.False(File.Exists(traffic), error);
        Assert.False(File.Exists(own), error);
        Assert.Contains($"generate: removed '{traffic}': this generate made it and did not finish it", error, StringComparison.Ordinal);
        Assert.Contains($"generate: removed '{own}': it held only part of the traffic", error, StringComparison.Ordinal);
        Assert.Matches(@"generate: stopped after [\d,]+ records", error);
    }

    [Fact]
    public void A_generate_that_wrote_no_record_shows_no_event_times_rather_than_year_one()
    {
        using var temp = new TempFolder();

        var (code, error) = Shopstream("generate", "-d", "1s", "--sessions-per-hour", "0.01", "--to", temp.File("none.csv"), "--stats", temp.File("stats.json"));

        Assert.Equal(0, code);
        Assert.Contains("0 events, 0 users", error, StringComparison.Ordinal); // was "0 events ()"
        Assert.Contains("no event times", error, StringComparison.Ordinal);
        Assert.DoesNotContain("0001", error, StringComparison.Ordinal);
        var stats = System.Text.Json.JsonDocument.Parse(File.ReadAllText(temp.File("stats.json"))).RootElement;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, stats.GetProperty("first_event_time").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, stats.GetProperty("last_event_time").ValueKind);
    }

    [Fact]
    public void A_slow_rate_is_reported_with_its_decimals()
    {
        using var temp = new TempFolder();

        var (code, error) = Shopstream("generate", "-n", "3", "--rate", "3", "--to", temp.File("slow.csv"));

        Assert.Equal(0, code);
        Assert.Matches(@" s \(\d\.\d\d/s\): ", error); // was "(0/s)" for --rate 0.5
    }

    [Fact]
    public void The_folder_of_the_to_file_is_made_as_run_makes_its_out_folder()
    {
        using var temp = new TempFolder();
        string file = temp.File("out/day/traffic.csv");

        var (code, error) = Shopstream("generate", "-n", "10", "--to", file, "--quiet");

        Assert.True(code == 0, error); // README's own example failed in a checkout without out/
        Assert.Equal(11, File.ReadAllLines(file).Length);

        // A generate that fails on another output leaves no folder it made behind.
        Assert.Equal(2, Shopstream("generate", "-n", "10", "--to", temp.File("new/day/traffic.csv"), "--stats", "/dev/null/stats.json").ExitCode);
        Assert.False(Directory.Exists(temp.File("new")));
    }

    [Theory]
    [InlineData("give exactly one of", "generate")]
    [InlineData("give exactly one of", "generate", "-n", "10", "-d", "1h")]
    [InlineData("Kafka bootstrap address", "generate", "-n", "10", "--to", "kafka://")]
    [InlineData("add --format jsonl", "generate", "-n", "10", "--to", "http://localhost:8080/collect")]
    [InlineData("the collector's address", "generate", "-n", "10", "--format", "jsonl", "--write-key", "write-key-1", "--to", "http://localhost:8080/collect")]
    [InlineData("needs a folder", "generate", "-n", "10", "--to", "log:")]
    [InlineData("is a file: the event log goes in a folder, made if missing", "generate", "-n", "10", "--to", "log:/etc/passwd")] // exit 1, "Could not find a part of the path"
    [InlineData("late rate", "generate", "-n", "10", "--late", "1.5")]
    [InlineData("at most 1", "generate", "-n", "10", "--late", "0.6", "--duplicates", "0.6")]
    [InlineData("--funnel", "generate", "-n", "10", "--funnel", "0.9,0.1")]
    [InlineData("the purchase share can be at most 0.88 of the cart share (the generator buys only carted lines, and removes 0.12 of them), got purchases 0.1 for carts 0.1 (1 purchases per cart)", "generate", "-n", "10", "--funnel", "0.8,0.1,0.1")]
    [InlineData("the view share must be above 0", "generate", "-n", "10", "--funnel", "0,0,0")]
    [InlineData("rees46", "generate", "-n", "10", "--format", "xml")]
    [InlineData("duration", "generate", "-d", "soon")]
    [InlineData("--events must be positive", "generate", "-n", "0")]
    [InlineData("for option '--events' as a whole number.", "generate", "-n", "abc")]
    [InlineData("for option '--seed' as a whole number of 0 or more.", "generate", "-n", "5", "--seed", "-1")]
    [InlineData("for option '--rate' as a number (e.g. 0.5).", "generate", "-n", "5", "--rate", "fast")]
    [InlineData("cannot write", "generate", "-n", "10", "--to", "/dev/null/x.csv")]
    [InlineData("cannot write", "generate", "-n", "10", "--to", "/dev/null", "--stats", "/dev/null/stats.json")]
    [InlineData("--to and --stats name the same file", "generate", "-n", "10", "--to", "same.csv", "--stats", "./same.csv")]
    [InlineData("--inventory and --stats name standard output (-)", "generate", "-n", "10", "--to", "x.csv", "--inventory", "-", "--stats", "-")]
    [InlineData("is a folder: name a file in it", "generate", "-n", "10", "--to", "/tmp")]
    [InlineData("expected a file path, - (standard output), log:DIR, http://HOST:PORT, kafka", "generate", "-n", "10", "--to", "ftp://x")]
    [InlineData("the traffic reached 2099-01-01 before --events 20,000", "generate", "-n", "20000", "--start", "2090-06-01", "--sessions-per-hour", "0.01", "--to", "/dev/null")] // wrote times to 2214, rejected by run
    public void Bad_arguments_exit_2_with_one_line(string expected, params string[] args)
    {
        var (code, error) = Shopstream(args);

        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("shopstream: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal); // was "as expected type 'System.Nullable`1[System.Int64]'"
    }

    [Fact]
    public void Outputs_that_are_one_file_under_other_names_are_refused_and_the_file_kept()
    {
        using var temp = new TempFolder();
        string file = temp.File("traffic.csv");
        File.WriteAllText(file, "kept\n");
        File.CreateSymbolicLink(temp.File("soft.csv"), file);
        Directory.CreateSymbolicLink(temp.File("folder"), temp.Path);
        using (var ln = Process.Start("ln", [file, temp.File("hard.csv")]))
            ln.WaitForExit();

        // Each passed, and the traffic ended in the stats' JSON, exit 0.
        foreach (string other in new[] { "soft.csv", "hard.csv", Path.Combine("folder", "traffic.csv") })
        {
            var (code, error) = Shopstream("generate", "-n", "10", "--to", file, "--stats", temp.File(other));
            Assert.Equal(2, code);
            Assert.Contains("--to and --stats name the same file", error, StringComparison.Ordinal);
            Assert.Equal("kept\n", File.ReadAllText(file));
        }

        // /dev/stdout beside "-", standard output being the file (appended to, not emptied by the shell); a terminal or /dev/null as standard output takes both.
        string shopstream = Path.Combine(AppContext.BaseDirectory, "shopstream.dll");
        // Two names of one pipe take both too (--to /dev/stdout --stats /dev/stderr 2>&1 | ...).
        foreach (var (redirect, refused) in new[] { ("--stats - >> \"$1\"", true), ("--stats - > /dev/null", false), ("--stats /dev/stderr 2>&1 | cat > /dev/null", false) })
        {
            var start = new ProcessStartInfo("bash", ["-c", "set -o pipefail; dotnet exec \"$0\" generate -n 10 -q --to /dev/stdout " + redirect, shopstream, file])
            {
                RedirectStandardError = true, UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == (refused ? 2 : 0), error);
        }

        Assert.Equal("kept\n", File.ReadAllText(file));
    }

    /// <summary>A --stats file's lines but the generator's elapsed time.</summary>
    private static string[] StatsWithoutTime(string path) =>
        [.. File.ReadAllLines(path).Where(l => !l.Contains("\"elapsed_seconds\"", StringComparison.Ordinal))];
}
