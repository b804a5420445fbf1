using System.Text.RegularExpressions;
using ShopStream.Api;
using ShopStream.Core.Events;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary><c>generate --to http://...</c> against a real collector (Kestrel on loopback), and its refusals.</summary>
[Collection(ConsoleCollection.Name)] // Cli.Run swaps the process's Console.Error
public sealed partial class GenerateToCollectorTests
{
    private static readonly string[] s_traffic = ["--events", "4000", "--seed", "11", "--format", "jsonl", "--malformed", "0.02", "--duplicates", "0.01", "--quiet"];

    [Fact]
    public async Task Generated_traffic_lands_in_the_collectors_log_exactly_as_an_ingest_of_the_same_file()
    {
        using var temp = new TempFolder();
        string served = temp.File("served");
        Directory.CreateDirectory(served);
        await using (var server = await Start(served))
        {
            var sent = Cli.RunProcess(["generate", .. s_traffic[..^1], "--to", server.Addresses[0], "--write-key", "write-key-1", "--stats", temp.File("sent-stats.json"), "--inventory", temp.File("sent-inventory.jsonl")]);
            Assert.True(sent.ExitCode == 0, sent.Error);
            var counts = CollectorLine().Match(sent.Error);
            Assert.True(counts.Success, sent.Error);
            Assert.True(long.Parse(counts.Groups[2].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture) > 0, "no malformed event was rejected");
        }

        // The same traffic through a file and `ingest`: the collector validated and partitioned it alike.
        string file = temp.File("traffic.jsonl"), ingested = temp.File("ingested");
        Assert.Equal(0, Cli.RunProcess(["generate", .. s_traffic, "--to", file, "--stats", temp.File("file-stats.json"), "--inventory", temp.File("file-inventory.jsonl")]).ExitCode);
        // --stats and --inventory are written for the collector as for a file (they were ignored).
        string[] StatsWithoutTime(string path) => [.. File.ReadAllLines(path).Where(l => !l.Contains("\"elapsed_seconds\"", StringComparison.Ordinal))];
        Assert.Equal(StatsWithoutTime(temp.File("file-stats.json")), StatsWithoutTime(temp.File("sent-stats.json")));
        Assert.Contains("  \"records\": 4000,", StatsWithoutTime(temp.File("sent-stats.json")));
        Assert.NotEmpty(File.ReadAllLines(temp.File("sent-inventory.jsonl")));
        Assert.Equal(File.ReadAllBytes(temp.File("file-inventory.jsonl")), File.ReadAllBytes(temp.File("sent-inventory.jsonl")));
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", file, "--out", ingested, "--partitions", "3", "--quiet").ExitCode);

        var collected = Fingerprints(Path.Combine(served, "log"));
        Assert.True(collected.Sum(p => p.Count) > 3500);
        Assert.Equal(Fingerprints(Path.Combine(ingested, "log")), collected);
    }

    [Fact]
    public async Task A_wrong_write_key_stops_with_one_line_naming_the_refusal()
    {
        using var temp = new TempFolder();
        await using var server = await Start(temp.Path);

        var result = Cli.RunProcess(["generate", .. s_traffic, "--to", server.Addresses[0], "--write-key", "wrong-key-2"]);

        Assert.Equal(1, result.ExitCode);
        Cli.AssertOneLineError(result.Error);
        Assert.Contains("403", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_to_a_collector_that_speaks_http_stops_at_once_naming_the_handshake()
    {
        using var temp = new TempFolder();
        await using var server = await Start(temp.Path);
        string https = server.Addresses[0].Replace("http://", "https://", StringComparison.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = Cli.RunProcess(["generate", .. s_traffic, "--to", https, "--write-key", "write-key-1"]);

        Assert.Equal(1, result.ExitCode);
        Cli.AssertOneLineError(result.Error);
        Assert.Contains("the TLS handshake failed (is it served over http://, not https://?)", result.Error, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(28), $"took {clock.Elapsed}"); // retried for 33 s; the rest is a loaded machine's start
    }

    [Theory]
    [InlineData("--format", "rees46", "--write-key", "write-key-1", "--format jsonl")]
    [InlineData("--format", "jsonl", "--seed", "1", "write key")]
    public void Sending_csv_or_sending_without_a_key_is_bad_input(string o1, string v1, string o2, string v2, string expected)
    {
        var (code, error) = Cli.Run("generate", "--events", "10", o1, v1, o2, v2, "--to", "http://127.0.0.1:9");

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private static async Task<ShopStreamServer> Start(string folder)
    {
        var server = new ShopStreamServerBuilder(new ServeOptions
        {
            OutDirectory = folder,
            Urls = ["http://127.0.0.1:0"],
            WriteKeys = ["write-key-1"],
            LogPartitions = 3,
            RateLimitPerSecond = 0,
        }).Build();
        await server.StartAsync();
        return server;
    }

    // Each partition's events in log order, by fingerprint (the stored stream max time is the writer's own).
    private static List<List<UInt128>> Fingerprints(string logDir)
    {
        using var log = new FileEventLogBuilder(logDir).Build();
        var partitions = new List<List<UInt128>>();
        var batch = new LogReadBatch();
        for (int p = 0; p < log.Partitions; p++)
        {
            var events = new List<UInt128>();
            using var reader = log.OpenReader(p, log.StartOffset(p));
            while (reader.Read(batch) > 0)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    LoggedEvent.Read(batch[i].Payload, out ShopEvent e, out _);
                    events.Add(e.Fingerprint);
                }
            }

            partitions.Add(events);
        }

        return partitions;
    }

    [GeneratedRegex(@"collector: ([\d,]+) accepted \(durably in its log\), ([\d,]+) rejected")]
    private static partial Regex CollectorLine();
}
