using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO.Pipes;
using Confluent.Kafka;
using ShopStream.Cli.Commands.Kafka;
using ShopStream.Cli.Http;
using ShopStream.Cli.Reporting;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Core.Output;
using ShopStream.Generator;
using ShopStream.Kafka;
using ShopStream.Kafka.Inventory;
using ShopStream.Kafka.Orders;
using Spectre.Console;

namespace ShopStream.Cli.Commands;

/// <summary>
/// <c>shopstream generate --events N | --duration D [--rate R] [--seed S] [--format rees46|jsonl|orders] [--to PATH|-]</c>:
/// synthetic shop traffic, the same bytes for the same seed, with faults on request.
/// </summary>
internal static class GenerateCommand
{
    private static readonly GeneratorOptions s_defaults = new();

    /// <summary>Where <c>--to http://...</c> finds the collector's write key when <c>--write-key</c> is not given.</summary>
    public const string WriteKeyVariable = "SHOPSTREAM_WRITE_KEY";

    public static Command Create()
    {
        var events = new Option<long?>("--events", "-n") { Description = "Records to write (faults included)" };
        var duration = new Option<TimeSpan?>("--duration", "-d") { Description = "Event time to cover instead (e.g. 1h, 7d)", CustomParser = r => Durations.Parse(r) };
        var rate = new Option<double?>("--rate", "-r") { Description = "Records per second of wall time, steadily (default: as fast as possible)" };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Random seed: the same seed gives the same output, byte for byte", DefaultValueFactory = _ => s_defaults.Seed };
        var format = new Option<string>("--format", "-f") { Description = "rees46, jsonl or orders", DefaultValueFactory = _ => "rees46" };
        format.AcceptOnlyFromAmong("rees46", "jsonl", "orders");
        var to = new Option<string>("--to", "-o")
        {
            Description = "Output file, - for standard output, log:DIR (the embedded event log), http://HOST:PORT (the HTTP collector of 'shopstream serve'; JSON lines), or kafka (the --topic on --bootstrap; also kafka://HOST:PORT)",
            DefaultValueFactory = _ => "-",
        };
        var writeKey = new Option<string?>("--write-key") { Description = $"The collector's write key for --to http://... (also ${WriteKeyVariable})" };
        // No DefaultValueFactory: help would show the default in the machine's date format (10/01/2019 00:00:00).
        var start = new Option<DateTime?>("--start") { Description = "Event time of the start, UTC (default 2019-10-01T00:00:00Z)", CustomParser = ParseStart };
        var sessions = new Option<double>("--sessions-per-hour") { Description = "Mean sessions started per hour of event time, before seasonality", DefaultValueFactory = _ => s_defaults.SessionsPerHour };
        var products = new Option<int>("--products") { Description = "Products in the catalogue", DefaultValueFactory = _ => s_defaults.Products };
        var funnel = new Option<string?>("--funnel") { Description = "Shares of view,cart,purchase events (default 0.897,0.061,0.042: REES46 electronics)" };
        var duplicates = Rate("--duplicates", "Share of events given an exact copy (a few seconds later)");
        var late = Rate("--late", "Share of records delivered later than the allowed disorder");
        var disorder = Rate("--disorder", "Share of records delivered out of order, within the allowed disorder");
        var malformed = Rate("--malformed", "Share of records broken so that validation rejects them (bad time, type, number, id, price, field count, encoding)");
        var allowed = new DurationOption("--allowed-disorder", "The consumer's allowed disorder that --late and --disorder are measured against", "5m, 1h", s_defaults.AllowedDisorder);
        var stats = new Option<string?>("--stats") { Description = "Also write what was generated (counts, injected faults) to this file as JSON (- for standard output, unless --to - writes the records there)" };
        var inventory = new Option<string?>("--inventory") { Description = "Also write stock updates per warehouse (initial, order, return, refill) to this file as JSON lines (- for standard output, unless --to - writes the records there); with --to kafka, 'kafka' publishes them to the inventory topic" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress bar and no summary" };
        var kafka = new KafkaOptionSet();
        var rejected = new Option<string>("--rejected") { Description = "With --to kafka: where records that validation rejects go, as JSON lines (keep it to resume)", DefaultValueFactory = _ => Path.Combine("out", "kafka-generate", "rejected.jsonl") };

        var command = new Command("generate", "Generate realistic, reproducible shop traffic (REES46 CSV, JSON lines or order lines), with faults on request")
        {
            events, duration, rate, seed, format, to, writeKey, start, sessions, products, funnel, duplicates, late, disorder, malformed, allowed.Option, stats, inventory, quiet, rejected,
        };
        kafka.AddTo(command);
        command.SetAction(parse =>
        {
            try
            {
                string target = parse.GetRequiredValue(to);
                KafkaLogOptions? kafkaOptions = null;
                if (target.Equals("kafka", StringComparison.OrdinalIgnoreCase))
                    kafkaOptions = kafka.Read(parse);
                else if (target.StartsWith("kafka://", StringComparison.OrdinalIgnoreCase))
                    kafkaOptions = KafkaTarget(target, kafka, parse);

                var options = new GeneratorOptions
                {
                    Events = parse.GetValue(events),
                    Duration = parse.GetValue(duration),
                    Seed = parse.GetValue(seed),
                    Format = parse.GetValue(format) switch { "jsonl" => OutputFormat.JsonLines, "orders" => OutputFormat.Orders, _ => OutputFormat.Rees46 },
                    Start = parse.GetValue(start) ?? GeneratorOptions.DefaultStart,
                    SessionsPerHour = parse.GetValue(sessions),
                    Products = parse.GetValue(products),
                    Funnel = Funnel(parse.GetValue(funnel)),
                    Faults = new FaultRates
                    {
                        Duplicates = parse.GetValue(duplicates),
                        Late = parse.GetValue(late),
                        Disorder = parse.GetValue(disorder),
                        Malformed = parse.GetValue(malformed),
                    },
                    AllowedDisorder = allowed.Read(parse),
                };
                if (kafkaOptions is null && parse.GetValue(inventory) == "kafka")
                    throw new ArgumentException("--inventory kafka needs --to kafka");
                string? inventoryPath = parse.GetValue(inventory);
                if (kafkaOptions is null && !IsHttp(target) && !target.StartsWith("log:", StringComparison.OrdinalIgnoreCase))
                    return Run(options, target, parse.GetValue(rate), parse.GetValue(stats), inventoryPath, parse.GetValue(quiet));

                var generator = new TrafficGenerator(options); // validates the options first
                var pacer = parse.GetValue(rate) is { } r ? new RatePacer(r) : null;
                // Opened by each target once it has checked itself: a refused target leaves these files as they were.
                GenerateSideOutputs OpenSide() => GenerateSideOutputs.Open(parse.GetValue(stats), inventoryPath == "kafka" ? null : inventoryPath);
                if (kafkaOptions is not null)
                {
                    // REES46 records carry no order ids: only the other formats have orders to publish.
                    TimeSpan? orderDisorder = options.Format == OutputFormat.Rees46 ? null : options.AllowedDisorder;
                    return RunToKafka(generator, kafkaOptions, parse.GetRequiredValue(rejected), inventoryPath == "kafka", OpenSide, pacer, parse.GetValue(quiet), orderDisorder);
                }

                return IsHttp(target)
                    ? RunToCollector(generator, target, parse.GetValue(writeKey) ?? Environment.GetEnvironmentVariable(WriteKeyVariable), OpenSide, pacer, parse.GetValue(quiet))
                    : RunToLog(generator, target[4..], OpenSide, pacer, parse.GetValue(quiet));
            }
            catch (ArgumentException ex)
            {
                return JobRunner.Fail(ExitCodes.BadInput, ex);
            }
        });
        return command;
    }

    private static int Run(GeneratorOptions options, string to, double? rate, string? statsPath, string? inventoryPath, bool quiet)
    {
        var generator = new TrafficGenerator(options); // validates the options first
        var pacer = rate is { } r ? new RatePacer(r) : null;
        bool toStdout = to == "-";
        SeparateOutputs(("--to", toStdout ? "-" : Target(to)), ("--inventory", inventoryPath), ("--stats", statsPath));
        // A signal stops the traffic where it is and takes back the files, as a failure part way does: left as they
        // were, they ended mid-record, and a later run read them as whole traffic. Taken before the files open, so one
        // that comes while they are emptied is seen by the generator's first look.
        using var signals = new StopSignals("the traffic ends at the next record, and files it wrote only part of are removed");
        Stream output, inventory, statsFile;
        var files = new OutputFiles();
        try
        {
            // Every output is opened before anything is generated, so a bad path fails at once; none is emptied
            // until all are open, so a bad --stats path leaves the file --to names as it was.
            output = toStdout ? StandardOutput.Open() : files.Open(Target(to));
            inventory = inventoryPath is null ? Stream.Null : inventoryPath == "-" ? StandardOutput.Open() : files.Open(inventoryPath);
            statsFile = statsPath is null ? Stream.Null : statsPath == "-" ? StandardOutput.Open() : files.Open(statsPath);
            files.Truncate();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            files.Abandon();
            return JobRunner.Fail(ExitCodes.BadInput, new IOException($"cannot write: {ex.Message}", ex));
        }

        bool toPipe = toStdout || !output.CanSeek; // asked before the output is closed (a closed one cannot seek)
        GeneratorStats stats;
        bool generated = false;
        try
        {
            using (output)
            using (inventory)
            {
                var work = () => generator.Run(output, pacer, inventoryPath is null ? null : inventory, signals.Token);
                stats = quiet || toStdout ? work() : WithProgress(generator, options, work);
            }

            generated = true; // the traffic is whole: a --stats that fails now takes only itself back
            using (statsFile)
                stats.WriteJson(statsFile);
        }
        catch (IOException ex) when (toPipe && StandardOutput.IsBrokenPipe(ex))
        {
            // The reader went away (a closed pipe, as with `| head`, or a named pipe's reader killed): nothing more to
            // do. Told by the error itself: any IOException on a pipe with a record counted took a full disk under
            // `> file` for this (exit 0), and missed a reader gone before the progress counter's first update.
            return ExitCodes.Ok;
        }
        catch (Exception ex)
        {
            // Stopped part way (the traffic reaching 2099, a full disk): a file this generate wrote is deleted, not left
            // cut short for a later run to read as if whole (it read an empty one and warned of no records, exit 0).
            foreach (string done in files.Abandon(generated ? [output, inventory] : []))
                Console.Error.WriteLine($"shopstream: generate: {done}");
            if (ex is OperationCanceledException && signals.Token.IsCancellationRequested)
            {
                Console.Error.WriteLine($"shopstream: generate: stopped after {generator.Progress.Records:N0} records");
                return signals.ExitCode;
            }

            if (ex is IOException or UnauthorizedAccessException)
                return JobRunner.Fail(ExitCodes.Failed, ex);
            throw;
        }

        if (!quiet)
            Console.Error.WriteLine(Summary(stats, toStdout ? "standard output" : to));
        return ExitCodes.Ok;
    }

    // Two outputs in one file interleave (the stats JSON over the CSV's first rows); standard output takes one. One file
    // is one however it is named: a symbolic link, a linked folder, a hard link, or /dev/stdout beside "-" redirected
    // to it (by path text alone, each of those passed, and the traffic ended in the stats' JSON, exit 0).
    internal static void SeparateOutputs(params (string Option, string? Path)[] outputs)
    {
        var named = outputs.Where(o => o.Path is not null).Select(o => (o.Option, Path: o.Path!)).ToList();
        for (int i = 0; i < named.Count; i++)
        {
            for (int j = i + 1; j < named.Count; j++)
            {
                if (OneFile(named[i].Path, named[j].Path))
                {
                    string what = named[i].Path == "-" && named[j].Path == "-" ? "standard output (-)" : $"the same file '{Path.GetFullPath(named[j].Path == "-" ? named[i].Path : named[j].Path)}'";
                    throw new ArgumentException($"{named[i].Option} and {named[j].Option} name {what}: give each its own");
                }
            }
        }
    }

    private static bool OneFile(string a, string b)
    {
        const string StandardOutput = "/proc/self/fd/1";
        if (a == "-" && b == "-")
            return true;
        string realA = a == "-" ? StandardOutput : a, realB = b == "-" ? StandardOutput : b;
        if (FolderPaths.Resolved(realA) == FolderPaths.Resolved(realB))
            return RegularFile.Is(realA, whenUnknown: a != "-" && b != "-"); // a file to be made, or a file; a terminal, pipe or /dev/null takes both
        // Both there already: the same device and inode (a hard link), for a file; devices and pipes take several writers.
        return RegularFile.Is(realA, whenUnknown: false) && SameFolder.As(realA, realB);
    }

    private static bool IsHttp(string to) =>
        to.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || to.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    // Generated JSON lines are posted to the collector in batches; each batch is acknowledged only once it is durably
    // in the collector's log, and the collector validates every event as the file reader does.
    private static int RunToCollector(TrafficGenerator generator, string to, string? writeKey, Func<GenerateSideOutputs> openSide, RatePacer? pacer, bool quiet)
    {
        var options = generator.Options;
        if (options.Format != OutputFormat.JsonLines)
            return JobRunner.Fail(ExitCodes.BadInput, new ArgumentException("--to http://... sends JSON lines: add --format jsonl"));
        if (string.IsNullOrEmpty(writeKey))
            return JobRunner.Fail(ExitCodes.BadInput, new ArgumentException($"--to http://... needs the collector's write key: --write-key KEY or ${WriteKeyVariable}"));
        if (!Uri.TryCreate(to, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            return JobRunner.Fail(ExitCodes.BadInput, new ArgumentException($"--to {to}: expected the collector's address, such as http://127.0.0.1:8080"));

        using var side = openSide();
        try
        {
            var collector = new CollectorStream(uri, writeKey);
            GeneratorStats stats;
            try
            {
                stats = quiet ? generator.Run(collector, pacer, side.Inventory) : WithProgress(generator, options, () => generator.Run(collector, pacer, side.Inventory));
            }
            finally
            {
                collector.Dispose(); // posts what is still pending
            }

            side.WriteStats(stats);

            if (!quiet)
            {
                Console.Error.WriteLine(Summary(stats, $"the collector at {uri}"));
                Console.Error.WriteLine($"collector: {collector.Accepted:N0} accepted (durably in its log), {collector.Rejected:N0} rejected, in {collector.Batches:N0} batch{(collector.Batches == 1 ? "" : "es")}");
            }

            return ExitCodes.Ok;
        }
        catch (IOException ex)
        {
            return JobRunner.Fail(ExitCodes.Failed, ex);
        }
    }

    /// <summary>A file path from <c>--to</c> (<c>log:DIR</c>, HTTP and Kafka are handled before).</summary>
    internal static string Target(string to)
    {
        if (to.StartsWith("kafka:", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"--to {to}: a Kafka target is kafka (with --bootstrap HOST:PORT) or kafka://HOST:PORT");
        string path = to.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? to[5..] : to;
        if (path.Length == 0 || path.Contains("://", StringComparison.Ordinal))
            throw new ArgumentException($"--to {to}: expected a file path, - (standard output), log:DIR, http://HOST:PORT, kafka or kafka://HOST:PORT");
        return path;
    }

    // Generated records go through an in-process pipe into the same validated, resumable ingest as
    // `shopstream ingest`: the log gets exactly what `run` would accept, and rejects go to DIR/rejected/ingest.jsonl.
    private static int RunToLog(TrafficGenerator generator, string folder, Func<GenerateSideOutputs> openSide, RatePacer? pacer, bool quiet)
    {
        if (folder.Length == 0)
            return JobRunner.Fail(ExitCodes.BadInput, new ArgumentException("--to log:DIR needs a folder"));
        // As ingest says of such an --out (it failed with .NET's "Could not find a part of the path", exit 1).
        if (File.Exists(folder))
            return JobRunner.Fail(ExitCodes.BadInput, new ArgumentException($"--to log:{folder}: {folder} is a file: the event log goes in a folder, made if missing"));
        if (File.Exists(Path.Combine(folder, "log")))
            return JobRunner.Fail(ExitCodes.BadInput, new ArgumentException($"--to log:{folder}: {Path.Combine(folder, "log")} is a file: the event log goes in a folder of that name"));
        try
        {
            using var log = new FileEventLogBuilder(Path.Combine(folder, "log")).WithOptions(new FileEventLogOptions { Fsync = FsyncPolicy.OnClose }).Build();
            using var side = openSide();
            return RunThroughIngest(generator, log, new RunDirectory(folder).IngestRejectedFile, $"the event log in {Path.GetFullPath(folder)}", side, side.Inventory, pacer, quiet);
        }
        catch (Exception ex) when (ex is InputException or LogFormatException)
        {
            return JobRunner.Fail(ExitCodes.BadInput, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return JobRunner.Fail(ExitCodes.Failed, ex);
        }
    }

    // The same, into the Kafka events topic: run again with the same seed and --rejected file, it publishes nothing twice.
    // Whole orders go to the orders topic, gathered from the records' order ids (jsonl and orders formats), complete once
    // the --allowed-disorder has passed them.
    // With --inventory kafka the stock changes go to the inventory topic, keyed by product id (not resumable: a run
    // again publishes them again).
    private static int RunToKafka(
        TrafficGenerator generator, KafkaLogOptions options, string rejected, bool publishInventory, Func<GenerateSideOutputs> openSide, RatePacer? pacer, bool quiet, TimeSpan? orderDisorder)
    {
        try
        {
            using var log = new KafkaLogBuilder(options).Build();
            using var orders = orderDisorder is { } disorder ? new KafkaOrderPublisher(options, disorder) : null;
            using var side = openSide();
            var published = publishInventory ? new KafkaInventoryStream(options) : null;
            int code;
            using (published) // flushed before its count is reported
                code = RunThroughIngest(generator, log, rejected, $"Kafka topic {log.Topic} on {options.BootstrapServers}", side, published ?? side.Inventory, pacer, quiet, orders);
            if (!quiet && published is not null)
                Console.Error.WriteLine($"inventory: {published.Published:N0} stock changes published to {options.Topics.Inventory}");
            if (orders is not null)
                IngestToKafka.ReportOrders(orders, options, quiet);
            return code;
        }
        catch (Exception ex) when (ex is InputException or LogFormatException)
        {
            return JobRunner.Fail(ExitCodes.BadInput, ex);
        }
        catch (KafkaException ex)
        {
            return KafkaFailure.Exit(options.BootstrapServers, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return JobRunner.Fail(ExitCodes.Failed, ex);
        }
    }

    private static string StreamName(GeneratorOptions options) =>
        $"generate (seed {options.Seed}, options {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(options.ToString())))[..8]})";

    private static int RunThroughIngest(
        TrafficGenerator generator, IEventLog log, string deadLetterFile, string target, GenerateSideOutputs side, Stream? inventory, RatePacer? pacer, bool quiet, IIngestObserver? observer = null)
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var records = new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle);
        // The generator's stream is the same whenever its options are: named by them, an interrupted generate resumes
        // where the log ends, and one with other options (another seed) follows a finished one, or is refused after
        // one that did not finish rather than losing its first rows.
        var ingest = new LogIngest([InputFile.FromStream(StreamName(generator.Options), records)], null, log, deadLetterFile, Environment.ProcessorCount)
        {
            Observer = observer,
            SameStream = true,
        };
        using var generatorFailed = new CancellationTokenSource();
        var ingesting = Task.Run(() => ingest.Run(generatorFailed.Token));
        _ = ingesting.ContinueWith(_ => records.Dispose(), TaskContinuationOptions.OnlyOnFaulted); // unblock the writer
        GeneratorStats stats;
        try
        {
            stats = generator.Run(pipe, pacer, inventory);
        }
        catch (Exception)
        {
            // The ingest's own failure is the one to report when it failed: its reader closes its end of the pipe as
            // that failure unwinds, breaking this write before the task shows the fault ("Connection timed out" was
            // reported one run in two where "No space left on device" was the cause). Otherwise the error is this
            // side's (a full --inventory disk, the traffic reaching 2099, a Kafka inventory flush): the ingest is
            // cancelled, so its input cut short is not marked finished, and waited for, so nothing writes to the log
            // after the command has let it go.
            generatorFailed.Cancel();
            pipe.Dispose();
            ((IAsyncResult)ingesting).AsyncWaitHandle.WaitOne();
            if (ingesting.Exception?.InnerException is null or OperationCanceledException)
                throw;
            stats = null!;
        }
        finally
        {
            pipe.Dispose(); // end of input for the ingest
        }

        var result = ingesting.GetAwaiter().GetResult();
        side.WriteStats(stats);
        if (!quiet)
        {
            Console.Error.WriteLine(Summary(stats, target));
            // A topic's or a log's: "log:" read as the embedded log's of a Kafka generate.
            Console.Error.WriteLine($"ingest: {result.Accepted:N0} accepted, {result.Rejected:N0} rejected, {result.Appended:N0} appended" +
                (result.ResumedAfter is { } at ? $" (resumed after line {at.Line}: what {(log is KafkaEventLog ? "the topic" : "the log")} held was not appended again)" : ""));
        }

        return ExitCodes.Ok;
    }

    /// <summary><c>kafka://HOST:PORT[,HOST:PORT][/TOPIC]</c>: the address, and optionally the topic, in the target itself.</summary>
    private static KafkaLogOptions KafkaTarget(string target, KafkaOptionSet kafka, ParseResult parse)
    {
        string rest = target["kafka://".Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string address = slash < 0 ? rest : rest[..slash];
        if (address.Length == 0)
            throw new ArgumentException($"--to {target}: a Kafka bootstrap address is needed (kafka://HOST:PORT)");
        var options = kafka.Read(parse, bootstrapOverride: address);
        if (slash >= 0 && rest[(slash + 1)..] is { Length: > 0 } topic)
        {
            options = options with { Topics = options.Topics with { Events = topic } };
            options.Validate();
            options.Topics.ValidateDistinct();
        }

        return options;
    }

    // The files a generate writes, opened without emptying them until all are open; on a failure, closed again, and
    // those that did not exist before deleted, with the folders made for them; once emptied, the user's own regular
    // files too (their old content is gone already, and what is left is cut short).
    internal sealed class OutputFiles
    {
        private readonly List<(FileStream File, bool Made)> _opened = [];
        private readonly List<string> _madeFolders = [];
        private bool _emptied;

        public FileStream Open(string path)
        {
            if (Directory.Exists(path))
                throw new IOException($"'{path}' is a folder: name a file in it");
            // As run --out makes its folder: out/traffic.csv in a fresh checkout has no out/ yet. Made here, it goes
            // again if another output fails to open.
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
            {
                string top = folder;
                while (Path.GetDirectoryName(top) is { } parent && !Directory.Exists(parent))
                    top = parent;
                Directory.CreateDirectory(folder);
                _madeFolders.Add(top);
            }
            bool existed = File.Exists(path);
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, bufferSize: 1, FileOptions.None);
            _opened.Add((file, !existed));
            return file;
        }

        public void Truncate()
        {
            foreach (var (file, _) in _opened)
            {
                if (file.CanSeek && file.Length > 0) // a file's old content; not /dev/null or a pipe, which cannot be cut
                    file.SetLength(0);
            }

            _emptied = true;
        }

        /// <summary>
        /// Closes the files and deletes those this generate wrote but <paramref name="whole"/>; returns what it did, file by
        /// file, and any it could not take back.
        /// </summary>
        public IReadOnlyList<string> Abandon(params Stream[] whole)
        {
            var said = new List<string>();
            foreach (var (file, made) in _opened)
            {
                try
                {
                    file.Dispose();
                    if (whole.Contains(file))
                        continue;
                    if (made)
                    {
                        File.Delete(file.Name);
                        said.Add($"removed '{file.Name}': this generate made it and did not finish it");
                    }
                    else if (_emptied && RegularFile.Is(file.Name, whenUnknown: false))
                        said.Add(TakeBack(file.Name));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // A folder the user may not change (a file of theirs in it can still be written): the rest are
                    // taken back all the same, and the failure that stopped the generate is still the one reported.
                    said.Add($"'{file.Name}' holds only part of the traffic and could not be taken back: {ex.Message}");
                }
            }

            // Made by this generate for its outputs, now gone; but for one that holds a whole file kept.
            var kept = whole.OfType<FileStream>().Select(f => f.Name).ToList();
            foreach (string folder in _madeFolders.Where(f => Directory.Exists(f) && !kept.Any(k => FolderPaths.IsWithin(k, f))))
                Directory.Delete(folder, recursive: true);
            return said;
        }

        // Never a device (/dev/null) or a pipe: only a regular file is taken back. A symbolic link the user made stays,
        // and what it points to is emptied, as is a file whose folder forbids deleting it.
        private static string TakeBack(string path)
        {
            const string Partial = "it held only part of the traffic";
            if (new FileInfo(path).LinkTarget is not null)
            {
                new FileStream(path, FileMode.Truncate, FileAccess.Write).Dispose();
                return $"emptied the file the link '{path}' points to: {Partial}";
            }

            try
            {
                File.Delete(path);
                return $"removed '{path}': {Partial}";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                new FileStream(path, FileMode.Truncate, FileAccess.Write).Dispose();
                return $"emptied '{path}' (it could not be removed: {ex.Message}): {Partial}";
            }
        }
    }

    private static GeneratorStats WithProgress(TrafficGenerator generator, GeneratorOptions options, Func<GeneratorStats> work)
    {
        var console = AnsiConsole.Console;
        if (!console.Profile.Capabilities.Interactive)
            return work();
        double total = options.Events ?? options.Duration!.Value.TotalSeconds;
        var started = DateTime.UtcNow;
        return ProgressDisplay.Show(console, "generating", Math.Max(1, total), work, task =>
        {
            var p = generator.Progress;
            double seconds = Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds);
            task.Value = options.Events is not null ? p.Records : Math.Max(0, (p.EventTime - options.Start).TotalSeconds);
            task.Description = $"{p.Records:N0} events ({PerSecond(p.Records / seconds)}/s)";
        });
    }

    private static string Summary(GeneratorStats s, string target)
    {
        string format = s.Format switch { OutputFormat.Rees46 => "rees46", OutputFormat.JsonLines => "jsonl", _ => "orders" };
        var types = Enum.GetValues<EventKind>().Where(k => s.EventsOf(k) > 0).Select(k => $"{GeneratorNames.Name(k)} {s.EventsOf(k):N0}");
        var skipped = Enum.GetValues<EventKind>().Where(k => s.SkippedOf(k) > 0).Select(k => $"{GeneratorNames.Name(k)} {s.SkippedOf(k):N0}").ToList();
        var reasons = Enum.GetValues<Malformation>().Where(m => s.MalformedOf(m) > 0).Select(m => $"{GeneratorNames.Name(m)} {s.MalformedOf(m):N0}").ToList();
        double seconds = Math.Max(1e-6, s.Elapsed.TotalSeconds);
        string text =
            $"generated {s.Records:N0} {format} records ({s.Bytes / 1e6:N1} MB) to {target} in {seconds:N2} s ({PerSecond(s.Records / seconds)}/s): " +
            $"{s.Events:N0} events{(s.Events > 0 ? $" ({string.Join(", ", types)})" : "")}, {s.Users:N0} users, {s.Sessions:N0} sessions, {s.Orders:N0} orders{(s.Format == OutputFormat.Rees46 ? " (REES46 records carry no order ids)" : "")}, " +
            (s.Records > 0 ? $"{s.FirstEventTime:yyyy-MM-dd HH:mm:ss} to {s.LastEventTime:yyyy-MM-dd HH:mm:ss} UTC\n" : "no event times\n") + // not 0001-01-01
            $"faults: {s.Duplicates:N0} duplicates, {s.Late:N0} late, {s.OutOfOrder:N0} out of order, {s.Malformed:N0} malformed" +
            (reasons.Count > 0 ? $" ({string.Join(", ", reasons)})" : "");
        if (skipped.Count > 0)
            text += $"\nnot in this format (skipped): {string.Join(", ", skipped)}";
        return text;
    }

    private static Option<double> Rate(string name, string description) => new(name)
    {
        Description = $"{description} (0..1; --duplicates, --late, --disorder and --malformed add up to at most 1)",
        DefaultValueFactory = _ => 0,
    };

    private static FunnelRates Funnel(string? text)
    {
        if (text is null)
            return FunnelRates.Rees46Electronics;
        var parts = text.Split(',');
        var values = new double[parts.Length];
        if (parts.Length != 3 || parts.Where((p, i) => !double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).Any())
            throw new ArgumentException($"--funnel '{text}': expected three shares view,cart,purchase (e.g. 0.897,0.061,0.042)");
        return FunnelRates.Rees46Electronics with { View = values[0], Cart = values[1], Purchase = values[2] };
    }

    private static DateTime? ParseStart(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value))
            return DateTime.SpecifyKind(value, DateTimeKind.Utc);
        result.AddError($"'{text}' is not a time (example: 2019-10-01T00:00:00Z)");
        return default;
    }

    // A paced generate may write under one record a second (--rate 0.5): "0/s" read as nothing written.
    private static string PerSecond(double perSecond) => perSecond.ToString(perSecond < 10 ? "N2" : "N0", CultureInfo.InvariantCulture);
}
