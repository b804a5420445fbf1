using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ShopStream.Api;
using ShopStream.Benchmarks.Cli;
using ShopStream.Core.Log;

namespace ShopStream.Benchmarks.Collector;

/// <summary>
/// <c>collector [--levels 1,4,16,64] [--batch 100] [--seconds 8] [--partitions 2]</c>: load on the HTTP collector
/// over loopback. Starts <c>shopstream serve</c>'s server in this process on 127.0.0.1 (real Kestrel, fsync per
/// group commit), then for each concurrency level runs that many clients posting batches back to back for a fixed
/// time; reports requests/s, events/s and p50/p99/max latency of acknowledged requests, and finally reads the log
/// back to check that every acknowledged event is in it exactly once. Bounded: levels × seconds, loopback only.
/// </summary>
internal static class CollectorLoadCommand
{
    private const string Key = "bench-write-key-0001";

    public static int Run(Args args)
    {
        var levels = args.String("--levels", "1,4,16,64").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int batch = args.Int("--batch", 100);
        int seconds = args.Int("--seconds", 8);
        int partitions = args.Int("--partitions", 2);
        args.ThrowIfUnknown();
        if (levels.Any(l => l is < 1 or > 256) || batch is < 1 or > 1000 || seconds is < 1 or > 60)
            throw new ArgumentException("levels must be 1..256, batch 1..1000, seconds 1..60");
        return RunAsync(levels, batch, seconds, partitions).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int[] levels, int batch, int seconds, int partitions)
    {
        string folder = Path.Combine(Path.GetTempPath(), "shopstream-collector-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var acknowledged = new List<string>();
            await using (var server = new ShopStreamServerBuilder(new ServeOptions
            {
                OutDirectory = folder,
                Urls = ["http://127.0.0.1:0"],
                WriteKeys = [Key],
                RateLimitPerSecond = 0,
                LogPartitions = partitions,
                MaxBatchEvents = Math.Max(1000, batch),
            }).Build())
            {
                await server.StartAsync();
                var url = new Uri(server.Addresses.Single());
                Console.WriteLine($"collector load: {url} · batches of {batch} event(s) · {seconds} s per level · log with {partitions} partitions, fsync per commit · {Environment.ProcessorCount} cores shared by server and clients");
                Console.WriteLine();
                Console.WriteLine("| clients | requests/s | events/s | p50 ms | p99 ms | max ms | 202s | errors |");
                Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
                using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
                using var http = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
                await Level(http, 1, batch, 1, "warm", []); // JIT and connection warm-up, not reported
                int level = 0;
                foreach (int clients in levels)
                    await Level(http, clients, batch, seconds, $"L{level++}", acknowledged);
                await server.StopAsync();
            }

            // Nothing lost: every 202'd event is in the log, once (the warm-up's events are there too).
            var logged = new HashSet<string>(StringComparer.Ordinal);
            long duplicates = 0;
            using (var log = new Core.Log.Embedded.FileEventLogBuilder(Path.Combine(folder, "log")).Build())
            {
                var read = new LogReadBatch();
                for (int p = 0; p < log.Partitions; p++)
                {
                    using var reader = log.OpenReader(p, log.StartOffset(p));
                    while (reader.Read(read) > 0)
                    {
                        for (int i = 0; i < read.Count; i++)
                        {
                            LoggedEvent.Read(read[i].Payload, out var e, out _);
                            if (!logged.Add(e.SourceEventId!))
                                duplicates++;
                        }
                    }
                }
            }

            long missing = acknowledged.Count(id => !logged.Contains(id));
            Console.WriteLine();
            Console.WriteLine($"log check: {acknowledged.Count:N0} acknowledged events, {missing:N0} missing from the log, {duplicates:N0} duplicated");
            return missing == 0 && duplicates == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task Level(HttpClient http, int clients, int batch, int seconds, string tag, List<string> acknowledged)
    {
        var latencies = new List<double>[clients];
        var acked = new List<string>[clients];
        long errors = 0;
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = [];
            var ids = acked[c] = [];
            var body = new StringBuilder();
            for (long n = 0; clock.Elapsed < until; n++)
            {
                body.Clear().Append('[');
                var batchIds = new string[batch];
                for (int i = 0; i < batch; i++)
                {
                    string id = batchIds[i] = $"{tag}-{c}-{n}-{i}";
                    long user = 1 + (c * 7919 + n * 31 + i) % 50_000;
                    if (i > 0)
                        body.Append(',');
                    body.Append(CultureInfo.InvariantCulture,
                        $$"""{"event_id":"{{id}}","event_time":"2019-10-01T{{n / 60 % 24:00}}:{{n % 60:00}}:{{i % 60:00}}Z","event_type":"view","user_id":{{user}},"product_id":{{1000 + i}},"price":"12.50","brand":"acme"}""");
                }

                body.Append(']');
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/collect/batch") { Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
                long start = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    ids.AddRange(batchIds);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        double elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        foreach (var ids in acked)
            acknowledged.AddRange(ids);
        if (tag == "warm" || all.Length == 0)
            return;
        double P(double q) => all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {clients} | {all.Length / elapsed:N0} | {all.Length * (double)batch / elapsed:N0} | {P(0.50):F1} | {P(0.99):F1} | {all[^1]:F1} | {all.Length:N0} | {errors} |"));
    }
}
