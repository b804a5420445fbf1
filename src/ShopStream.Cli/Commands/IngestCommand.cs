using System.CommandLine;
using System.Diagnostics;
using ShopStream.Cli.Commands.Kafka;
using ShopStream.Cli.Reporting;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Core.Output;
using Spectre.Console;

namespace ShopStream.Cli.Commands;

/// <summary>
/// <c>shopstream ingest --input PATH --out DIR</c>: validates an input and appends its events to the embedded
/// event log in <c>DIR/log</c>; run again after an interruption, it resumes without appending any row twice.
/// With <c>--to kafka --bootstrap HOST:PORT</c> the log is a Kafka topic instead, with the same resume guarantee.
/// </summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "Event file, folder of files, or - for standard input (.gz is read transparently)", Required = true };
        var format = new Option<string>("--format", "-f") { Description = "rees46, orders or jsonl (default: detected from the first line)" };
        format.AcceptOnlyFromAmong("rees46", "orders", "jsonl");
        var output = new Option<string?>("--out", "-o") { Description = "Folder holding the log (DIR/log) and rejected records (DIR/rejected/ingest.jsonl); with --to kafka only the rejected records (default out/kafka-ingest)" };
        var to = new Option<string>("--to") { Description = "log (the embedded log in --out DIR) or kafka (the --topic on --bootstrap)", DefaultValueFactory = _ => "log" };
        to.AcceptOnlyFromAmong("log", "kafka");
        var kafka = new KafkaOptionSet();
        var partitions = new Option<int?>("--partitions") { Description = "Partitions for a new log or Kafka topic (an existing one keeps its own: another count for it is an error; default: cores, or 6 for a new Kafka topic)" };
        var fsync = new Option<string>("--fsync") { Description = "always (every batch) or on-close (file imports: a crash of the process loses nothing; a power cut may lose the tail)", DefaultValueFactory = _ => "on-close" };
        fsync.AcceptOnlyFromAmong("always", "on-close");
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No report" };
        var sameStream = new Option<bool>("--same-stream")
        {
            Description = "With --input -: standard input is the stream an interrupted ingest into this log was reading, so resume after the lines the log holds (a file is checked; a stream cannot be, and is refused without this)",
        };
        var command = new Command("ingest", "Validate events and append them to the embedded event log or a Kafka topic, resumably") { input, format, output, to, partitions, fsync, quiet, sameStream };
        kafka.AddTo(command);
        command.SetAction(parse =>
        {
            var inputFormat = FormatDetector.ParseName(parse.GetValue(format));
            // Refused rather than silently ignored, as the Kafka options are without --to kafka.
            if (parse.GetValue(sameStream) && parse.GetRequiredValue(input) != "-")
                return JobRunner.Fail(ExitCodes.BadInput, new ArgumentException("--same-stream is for --input - (standard input): a file is known by its name and first 64 KiB, and needs no word"));
            if (parse.GetValue(to) == "kafka")
            {
                try
                {
                    var options = kafka.Read(parse, parse.GetValue(partitions));
                    return IngestToKafka.Run(parse.GetRequiredValue(input), inputFormat, parse.GetValue(output) ?? Path.Combine("out", "kafka-ingest"), options, parse.GetValue(quiet), parse.GetValue(sameStream));
                }
                catch (ArgumentException ex)
                {
                    return JobRunner.Fail(ExitCodes.BadInput, ex);
                }
            }

            if (parse.GetValue(output) is not { } outputPath)
                return JobRunner.Fail(ExitCodes.BadInput, new ArgumentException("--out DIR is required for the embedded log (or use --to kafka)"));
            try
            {
                kafka.RefuseWithout(parse, "--to kafka");
            }
            catch (ArgumentException ex)
            {
                return JobRunner.Fail(ExitCodes.BadInput, ex);
            }

            return Run(
                parse.GetRequiredValue(input),
                inputFormat,
                outputPath,
                parse.GetValue(partitions), // unset: an existing log's own count, or the cores for a new one
                parse.GetValue(fsync) == "always" ? FsyncPolicy.Always : FsyncPolicy.OnClose,
                parse.GetValue(quiet),
                parse.GetValue(sameStream));
        });
        return command;
    }

    private static int Run(string input, InputFormat? format, string outputPath, int? partitions, FsyncPolicy fsync, bool quiet, bool sameStream)
    {
        // A failed ingest into a new log leaves none behind: the log it made would fix the partition count (the cores,
        // without --partitions), so the corrected retry with --partitions was refused.
        string logDir = Path.Combine(outputPath, "log");
        bool newLog = !Directory.Exists(logDir) && !File.Exists(logDir);
        int code = Ingest(input, format, outputPath, partitions, fsync, quiet, sameStream, newLog);
        if (code != ExitCodes.Ok && newLog && Directory.Exists(logDir) && FileEventLogBuilder.HoldsNoRecords(logDir))
            Directory.Delete(logDir, recursive: true);
        return code;
    }

    private static int Ingest(string input, InputFormat? format, string outputPath, int? partitions, FsyncPolicy fsync, bool quiet, bool sameStream, bool newLog)
    {
        try
        {
            if (partitions is < 1 or > 1024)
                throw new ArgumentException($"partitions must be 1..1024, got {partitions}");
            if (File.Exists(outputPath))
                throw new ArgumentException($"{outputPath} is a file: the output (--out) must be a folder, made if missing");
            if (File.Exists(Path.Combine(outputPath, "log")))
                throw new ArgumentException($"{Path.Combine(outputPath, "log")} is a file: the event log goes in a folder of that name");
            var inputs = InputFiles.Resolve(input);
            var clock = Stopwatch.StartNew();
            using var log = new FileEventLogBuilder(Path.Combine(outputPath, "log"))
                .WithOptions(new FileEventLogOptions { Partitions = partitions, Fsync = fsync })
                .Build();
            string rejected = new RunDirectory(outputPath).IngestRejectedFile;
            var result = new LogIngest(inputs, format, log, rejected, Environment.ProcessorCount) { SameStream = sameStream }.Run();
            if (!quiet)
                Report(result, log, outputPath, clock.Elapsed, removedAfter: newLog && InputOutcome.AcceptedNone(result.Read, result.Accepted));
            return InputOutcome.ExitCode(result.Read, result.Accepted, rejected, result.Warnings, $"the event log in {Path.Combine(outputPath, "log")}", result.HeldLine);
        }
        catch (Exception ex) when (ex is InputException or ArgumentException or LogFormatException)
        {
            return JobRunner.Fail(ExitCodes.BadInput, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return JobRunner.Fail(ExitCodes.Failed, ex);
        }
    }

    // removedAfter: the log is new and gets nothing, so Run removes it again; it is not reported as a log of 0 events.
    private static void Report(IngestResult r, FileEventLog log, string outputPath, TimeSpan elapsed, bool removedAfter)
    {
        var console = AnsiConsole.Console;
        IngestReport.Print(console, r, elapsed, "appended");
        if (removedAfter)
        {
            console.MarkupLine("log: none made (no record was accepted)");
            return;
        }

        long total = Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p));
        console.MarkupLineInterpolated($"log: [bold]{Path.GetFullPath(Path.Combine(outputPath, "log"))}[/] ({log.Partitions} partitions, {total:N0} events)");
    }
}
