using System.CommandLine;
using Amazon.Runtime;
using Npgsql;
using ShopStream.Api;
using ShopStream.Api.Collector;
using ShopStream.Cli.Lake;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Core.Serving;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Serving;
using ShopStream.Lake.Storage;
using ShopStream.Postgres;

namespace ShopStream.Cli.Commands;

/// <summary>
/// <c>shopstream serve --out DIR [--urls http://127.0.0.1:PORT]</c>: the REST API, HTTP collector, dashboard and
/// Prometheus metrics over a run's output folder (reloaded when a new run lands there), collecting into DIR/log;
/// with <c>--store postgres://...</c>, profiles, the summary and hourly metrics come from the PostgreSQL store, and
/// with <c>--lake [ROOT]</c> from the data lake's gold tables.
/// </summary>
internal static class ServeCommand
{
    public const string WriteKeysVariable = "SHOPSTREAM_WRITE_KEYS";
    public const string ReadKeyVariable = "SHOPSTREAM_READ_KEY";

    public static Command Create()
    {
        var defaults = new ServeOptions { OutDirectory = "." };
        var output = new Option<string>("--out", "-o") { Description = "The run's output folder: results are served from it, collected events appended to DIR/log", Required = true };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, separated by ';' (port 0: any free port)", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var writeKeys = new Option<string>("--write-keys") { Description = $"File of collector write keys, one per line ('#' comments); also ${WriteKeysVariable} (comma-separated)" };
        var readKey = new Option<string>("--read-key-file") { Description = $"File holding the read key that read endpoints then require (also ${ReadKeyVariable}); required to listen on a non-loopback address" };
        var maxEvents = new Option<int>("--max-batch-events") { Description = "Most events in one collector batch (more: 413)", DefaultValueFactory = _ => defaults.MaxBatchEvents };
        var maxBytes = new Option<int>("--max-batch-bytes") { Description = "Largest collector batch body in bytes (larger: 413)", DefaultValueFactory = _ => defaults.MaxBatchBytes };
        var rate = new Option<int>("--rate-limit") { Description = "Collector requests per second per write key, on average (0: no limit; over it: 429 with Retry-After)", DefaultValueFactory = _ => defaults.RateLimitPerSecond };
        var burst = new Option<int>("--rate-burst") { Description = "The most collector requests a key may make at once (the token bucket's size, refilled at --rate-limit a second)", DefaultValueFactory = _ => defaults.RateLimitBurst };
        var partitions = new Option<int?>("--partitions") { Description = "Partitions of a new event log (an existing log keeps its own; default: cores)" };
        var reload = new DurationOption("--reload-interval", "How often the folder is checked for a new run", "2s, 1m", defaults.ReloadInterval);
        var maxFuture = new DurationOption("--max-future", "How far ahead of this machine's clock a collected event's time may be (later: rejected as event_time)", "1d, 12h; 0s for no bound", defaults.MaxFuture);
        var group = new Option<string>("--group") { Description = "Consumer group whose committed offsets give the log's lag in /api/pipeline and /metrics (as 'shopstream process --group')", DefaultValueFactory = _ => defaults.ConsumerGroup };
        var store = new Option<string>("--store")
        {
            Description = "Serve profiles, the summary and hourly metrics from a PostgreSQL serving store (postgres://user[:password]@host[:port]/database, as 'run --store' fills it); the rest from --out",
        };
        var lake = new LakeOptionSet("Serve profiles, the summary and hourly metrics from the data lake's gold tables, as 'run --lake' writes them: DIR/lake under --out, or ROOT (a folder or s3://bucket/prefix); the rest from --out");
        var fsync = new Option<string>("--fsync") { Description = "always (every collected batch is on disk before its 202; default) or on-close (faster; a power cut may lose acknowledged events)", DefaultValueFactory = _ => "always" };
        fsync.AcceptOnlyFromAmong("always", "on-close");
        var jobsCron = new Option<string>("--jobs-cron") { Description = "Also run the gold models (shopstream jobs run) over the lake served (--lake ROOT), else DIR/lake, on this Quartz cron expression in UTC, e.g. '0 0 2 * * ?'; a time before any run has landed there is skipped" };
        var command = new Command("serve", "Serve a run's results over HTTP: REST API, event collector, live dashboard, Prometheus metrics")
        {
            output, urls, writeKeys, readKey, maxEvents, maxBytes, rate, burst, partitions, reload.Option, maxFuture.Option, group, store, fsync, jobsCron,
        };
        lake.AddTo(command);
        command.SetAction(parse => RunAsync(() => new ServeOptions
        {
            OutDirectory = parse.GetRequiredValue(output),
            Urls = parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            WriteKeys = KeySet.Read(parse.GetValue(writeKeys), Environment.GetEnvironmentVariable(WriteKeysVariable), WriteKeysVariable),
            ReadKey = ReadKey(parse.GetValue(readKey)),
            MaxBatchEvents = parse.GetValue(maxEvents),
            MaxBatchBytes = parse.GetValue(maxBytes),
            RateLimitPerSecond = parse.GetValue(rate),
            RateLimitBurst = parse.GetValue(burst),
            LogPartitions = parse.GetValue(partitions),
            ReloadInterval = reload.Read(parse),
            MaxFuture = maxFuture.Read(parse),
            ConsumerGroup = parse.GetValue(group)!,
            Fsync = parse.GetValue(fsync) == "on-close" ? FsyncPolicy.OnClose : FsyncPolicy.Always,
        }, new ServedStores(parse.GetValue(store), lake.Read(parse, parse.GetRequiredValue(output))), parse.GetValue(jobsCron)));
        return command;
    }

    internal static string? ReadKey(string? file)
    {
        var keys = KeySet.Read(file, Environment.GetEnvironmentVariable(ReadKeyVariable), ReadKeyVariable);
        return keys.Count switch
        {
            0 => null,
            1 => keys[0],
            _ => throw new ArgumentException("give one read key (in the file or the environment), not several"),
        };
    }

    // Options are read inside the try: a bad key file is one line and exit 2 like every other bad argument.
    private static async Task<int> RunAsync(Func<ServeOptions> read, ServedStores stores, string? jobsCron)
    {
        using var stop = new StopSignals("the server stops");
        var cancellationToken = stop.Token;
        ShopStreamServer? server = null;
        PostgresServingStore? store = null;
        LakeServingStore? lakeStore = null;
        try
        {
            var options = read();
            if (stores is { PostgresUrl: not null, LakeRoot: not null })
                throw new ArgumentException("--store and --lake both say where profiles are served from: give one of them");
            if (File.Exists(options.OutDirectory))
                throw new ArgumentException($"'{options.OutDirectory}' is a file: --out names a run's folder");
            if (!Directory.Exists(options.OutDirectory))
                throw new ArgumentException($"no such folder: '{options.OutDirectory}' (run 'shopstream run --out DIR' first, or create it to collect events)");
            var jobs = jobsCron is null ? null : new ShopStream.Analytics.Scheduling.CronSchedule(jobsCron);
            var builder = new ShopStreamServerBuilder(options);
            string servedFrom = "";
            if (stores.PostgresUrl is { } storeUrl)
            {
                var pg = PostgresStoreBuilder.FromUrl(storeUrl);
                servedFrom = $" (profiles, summary and windows from {pg.Description})"; // the URL without its password
                store = pg.BuildServingStore();
                try
                {
                    await store.MigrateAsync(cancellationToken); // fails now, not at the first request, when the server is unreachable
                }
                catch (NpgsqlException ex)
                {
                    throw new PostgresUnavailableException($"PostgreSQL store {pg.Description}: {ex.Message.ReplaceLineEndings(" ")}", ex);
                }

                builder.WithServingStore(store);
            }

            if (stores.LakeRoot is { } lakeRoot)
            {
                lakeStore = await OpenLakeAsync(lakeRoot, cancellationToken);
                builder.WithServingStore(lakeStore);
                servedFrom = $" (profiles, summary and windows from the lake {lakeRoot})";
            }

            server = builder.Build();
            await server.StartAsync(cancellationToken);
            Console.Error.WriteLine($"shopstream: serving {Path.GetFullPath(options.OutDirectory)}{servedFrom} on {string.Join(", ", server.Addresses)} (Ctrl+C to stop)");
            if (options.WriteKeys.Count == 0)
                Console.Error.WriteLine($"shopstream: no write keys (--write-keys or ${WriteKeysVariable}): the collector refuses every write");
            // The models run over the lake served (--lake ROOT), else over DIR/lake: they ran over DIR/lake always, an
            // empty one beside an S3 lake served, where they failed and wrote their history.
            var jobsLake = jobs is null ? null : LakeStorage.Open(stores.LakeRoot ?? Path.Combine(options.OutDirectory, "lake"));
            using var jobsClient = jobsLake as IDisposable; // an S3 lake's client
            var scheduled = jobs is null || jobsLake is null
                ? Task.FromResult(0)
                : JobsCommand.Scheduler(jobs, jobsLake, new ShopStream.Analytics.Jobs.GoldRunOptions(), TimeProvider.System, skipWithoutRun: true).RunAsync(null, cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            await scheduled;
            await server.StopAsync(CancellationToken.None);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is ArgumentException or FileNotFoundException or DirectoryNotFoundException or LogFormatException)
        {
            return JobRunner.Fail(ExitCodes.BadInput, ex);
        }
        catch (Exception ex) when (ex is PostgresUnavailableException or LakeUnavailableException or PostgresStoreException)
        {
            return JobRunner.Fail(ExitCodes.Failed, ex);
        }
        catch (IOException ex)
        {
            // Typically the port is taken or the log is open in another process: both fixed by the caller's arguments.
            return JobRunner.Fail(ExitCodes.BadInput, ex);
        }
        finally
        {
            if (server is not null)
                await server.DisposeAsync();
            if (store is not null)
                await store.DisposeAsync();
            lakeStore?.Dispose();
        }
    }

    // Reads the summary once, so an unreachable or broken lake fails now rather than at the first request.
    private static async Task<LakeServingStore> OpenLakeAsync(string root, CancellationToken cancellationToken)
    {
        try
        {
            PresentLake.Require(root, "run 'shopstream run --lake' first");
        }
        catch (IOException ex)
        {
            throw new LakeUnavailableException($"lake {root}: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }

        var lake = new LakeServingStore(LakeStorage.Open(root), LakeServingStore.DefaultRefreshInterval);
        try
        {
            await lake.SummaryAsync(cancellationToken);
            return lake;
        }
        catch (Exception ex) when (ex is StoreUnavailableException or DuckDbException or InvalidDataException or FormatException or IOException or AmazonServiceException)
        {
            lake.Dispose();
            var cause = ex is StoreUnavailableException { InnerException: { } inner } ? inner : ex; // the store's reads say "the lake cannot be read"
            throw new LakeUnavailableException($"lake {root}: {cause.Message.ReplaceLineEndings(" ")}", ex);
        }
    }

    /// <summary>Where profiles, the summary and hourly metrics come from instead of the run folder (at most one).</summary>
    private sealed record ServedStores(string? PostgresUrl, string? LakeRoot);
}
