using System.CommandLine;
using System.Diagnostics;
using ShopStream.Cli.Reporting;
using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Output;
using ShopStream.Kafka;
using ShopStream.Cli.Commands.Kafka;
using Spectre.Console;

namespace ShopStream.Cli.Commands;

/// <summary>
/// <c>shopstream process --from DIR --out OUT</c>: processes the embedded event log that <c>ingest</c> wrote,
/// partition by partition, with per-partition checkpoints and consumer-group offsets; run again, it goes on from
/// where it stopped (after a crash, or with what was ingested since).
/// </summary>
internal static class ProcessCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "The event log: an ingest's output folder (holding log/), the log folder itself, or kafka (the --topic on --bootstrap, as one instance of --group)", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Output folder for the results, checkpoints (checkpoint/p*/) and late events (rejected/late-p*.jsonl)", Required = true };
        var group = new Option<string>("--group") { Description = "Consumer group whose offsets are committed after each checkpoint", DefaultValueFactory = _ => "shopstream" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No report" };
        var idle = new Option<TimeSpan?>("--exit-when-idle")
        {
            Description = "With --from kafka: stop (final checkpoint, offsets committed, results written) once no record has come for this long, e.g. 10s, and every partition's checkpoint has reached the topic's end (waiting up to three session timeouts for partitions other instances hold; default: run until Ctrl+C)",
            CustomParser = r => Durations.Parse(r),
        };
        var options = new PipelineOptionSet(withPartitions: false);
        var checkpoints = new CheckpointOptionSet();
        var kafka = new KafkaOptionSet();
        var serve = new LiveServeOptionSet();
        var command = new Command("process", "Process an event log (embedded or Kafka) into results, resuming from per-partition checkpoints") { from, output, group, idle, quiet };
        options.AddTo(command);
        checkpoints.AddTo(command);
        kafka.AddTo(command);
        serve.AddTo(command);
        command.SetAction(parse =>
        {
            var (policy, fromScratch) = checkpoints.Read(parse);
            string source = parse.GetRequiredValue(from);
            string outputPath = parse.GetRequiredValue(output);
            bool fromKafka = source.Equals("kafka", StringComparison.OrdinalIgnoreCase);
            LiveServing? serving;
            try
            {
                if (!fromKafka)
                {
                    kafka.RefuseWithout(parse, "--from kafka");
                    if (parse.GetResult(idle) is { Implicit: false })
                        throw new ArgumentException("--exit-when-idle is for Kafka: it needs --from kafka (a process from a folder stops at the log's end)");
                }

                // Instances of a Kafka group share their folder: each collects into the topic the group processes.
                var asked = serve.Read(parse, outputPath);
                if (asked is not null && !fromKafka && FolderPaths.IsWithin(LogFolder(source), Path.Combine(outputPath, "log")))
                {
                    throw new ArgumentException(
                        $"with --serve, the collector appends to {Path.Combine(outputPath, "log")}, the event log this process reads: give another --out");
                }

                // The lag served is this process's group's (it was the default group's, the whole topic for ever).
                serving = asked is { } s
                    ? LiveServing.Start(s.Options with { ConsumerGroup = parse.GetRequiredValue(group) }, s.QueryTimeout, "process", fromKafka ? new KafkaLogBuilder(kafka.Read(parse)).ExistingTopic().Build() : null)
                    : null;
            }
            catch (Confluent.Kafka.KafkaException ex) when (fromKafka)
            {
                // The collector's topic (a missing one, a cluster down): as process itself says it, naming the
                // cluster, exit 1; it said "topic T does not exist" without the address, exit 2.
                return KafkaFailure.Exit(kafka.Read(parse).BootstrapServers, ex);
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or Confluent.Kafka.KafkaException)
            {
                return JobRunner.Fail(ExitCodes.BadInput, ex); // a bad option, or the port is in use
            }

            using (serving)
            {
                int code;
                bool stopped;
                // A Kafka processor stops at Ctrl+C, checkpointing and writing results; from a folder the first signal
                // ends the process, which the next one resumes from its checkpoints.
                using (var stop = fromKafka ? new StopSignals("checkpointing, leaving the group, writing the results") : null)
                {
                    code = fromKafka
                        ? ProcessKafka.Run(
                            () => kafka.Read(parse), outputPath, parse.GetRequiredValue(group), options.Read(parse), policy, fromScratch, parse.GetValue(idle), parse.GetValue(quiet),
                            serving?.Pipeline, stop!.Token)
                        : Run(source, outputPath, parse.GetRequiredValue(group), options.Read(parse), policy, fromScratch, parse.GetValue(quiet), serving?.Pipeline);
                    stopped = stop?.Token.IsCancellationRequested == true;
                }

                // Stopped by a signal: not on to serving the results, which the same signal would end.
                if (serving is not null && code == ExitCodes.Ok && !stopped)
                {
                    serving.ServeFinished(outputPath);
                    serving.WaitForStop();
                }

                return code;
            }
        });
        return command;
    }

    private static int Run(
        string from, string outputPath, string group, Core.Processing.PipelineOptions options, CheckpointPolicy? policy, bool fromScratch, bool quiet, Core.Serving.LivePipeline? live)
    {
        try
        {
            string logDir = LogFolder(from);
            if (!FileEventLogBuilder.Exists(logDir))
                throw new InputException(File.Exists(from)
                    ? $"{from} is a file, not an event log: ingest it first ('shopstream ingest --input {from} --out DIR'), then process --from DIR"
                    : $"{from} holds no event log (write one with 'shopstream ingest --out {from}')");
            ShopStream.Core.Log.ConsumerGroupName.Check(group);

            if (FolderPaths.IsWithin(outputPath, logDir))
                throw new ArgumentException($"the output folder '{outputPath}' is inside the event log '{logDir}': choose an --out outside it");

            var clock = Stopwatch.StartNew();
            var output = new RunDirectory(outputPath);
            bool madeOut = !Directory.Exists(outputPath) && !File.Exists(outputPath);
            using var runLock = output.LockForRun(); // before the log's own lock: a second process into OUT says that OUT is in use
            using var log = OpenLog(logDir, runLock, madeOut ? output : null);
            if (LogIngest.Unfinished(log) is { } unfinished)
                Console.Error.WriteLine("shopstream: warning: " + unfinished);
            try
            {
                log.Committed(group, 0);
            }
            catch (LogFormatException ex) when (!ex.OtherVersion) // a newer build's is refused, exit 2, below
            {
                string again = policy is null ? "a process with checkpoints writes it again" : "this process writes it again";
                Console.Error.WriteLine($"shopstream: warning: {ex.Message}: {again} (the group's offsets only report its lag; it resumes from its checkpoints)");
            }

            var processor = new LogProcessor(log, output, options, group, policy, fromScratch)
            {
                CollectorRejectsFile = CollectorRejects.PathBeside(logDir),
                Live = live,
                Warning = line => Console.Error.WriteLine("shopstream: warning: " + line),
            };
            var result = processor.Run();
            output.WriteResults(result);
            if (!quiet)
            {
                var console = AnsiConsole.Console;
                string committed = policy is null ? "no checkpoints or offsets written (--no-checkpoint)" : $"offsets committed for group '{group}'";
                console.MarkupLineInterpolated($"processed {processor.Processed:N0} events from {log.Partitions} log partitions ({processor.Resumed} resumed from checkpoints); {committed}");
                RunReport.Print(console, result.Summary, output.Path, clock.Elapsed, processed: processor.Processed, whole: processor.Gone == 0);
            }

            LateOutcome.Warn(result, options.Late.Lateness);
            if (result.Summary.EventsRead == 0)
                Console.Error.WriteLine($"shopstream: warning: the event log in {logDir} holds no records, so the results are empty");
            if (InputOutcome.AcceptedNone(result.Summary.EventsRead, result.Summary.EventsAccepted))
            {
                // As run: a scheduled process must fail loudly, not publish empty numbers (an ingest that accepted
                // none appends nothing, so this is the collector's rejects alone, or a log an older build wrote).
                string rejects = Path.GetDirectoryName(CollectorRejects.PathBeside(logDir))!; // the ingest's are there too
                Console.Error.WriteLine($"shopstream: every record ingested into {logDir} was rejected ({result.Summary.EventsRead:N0}), so the results are empty. The records and their reasons are in {rejects} (ingest.jsonl, collector.jsonl)");
                return ExitCodes.BadInput;
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is InputException or ArgumentException or LogFormatException or CheckpointException or UnknownCheckpointVersionException)
        {
            return JobRunner.Fail(ExitCodes.BadInput, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PartitionTakenOverException)
        {
            return JobRunner.Fail(ExitCodes.Failed, ex);
        }
    }

    // A log that cannot be opened (a server holds it, a damaged one) stops the process before it has written
    // anything: an --out it made for the run is removed again (it was left holding a lone .run.lock), if nothing
    // else has come into it since.
    private static FileEventLog OpenLog(string logDir, IDisposable runLock, RunDirectory? madeOut)
    {
        try
        {
            return new FileEventLogBuilder(logDir).Build();
        }
        catch when (madeOut is not null)
        {
            runLock.Dispose();
            madeOut.RemoveIfOnlyLocked();
            throw;
        }
    }

    // The event log --from names: an ingest's output folder holding log/, or the log folder itself.
    private static string LogFolder(string from) => FileEventLogBuilder.Exists(Path.Combine(from, "log")) ? Path.Combine(from, "log") : from;
}
