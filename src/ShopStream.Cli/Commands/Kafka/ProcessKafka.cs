using System.Diagnostics;
using Confluent.Kafka;
using ShopStream.Cli.Reporting;
using ShopStream.Core.Checkpoints;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Serving;
using ShopStream.Kafka;
using ShopStream.Kafka.Processing;
using Spectre.Console;

namespace ShopStream.Cli.Commands.Kafka;

/// <summary>
/// <c>shopstream process --from kafka ...</c>: one processor instance of a consumer group. Instances share the
/// output folder: each checkpoints the partitions it owns there, and on stopping writes the results merged from every
/// partition's newest checkpoint (the last instance to stop writes the complete ones).
/// </summary>
internal static class ProcessKafka
{
    public static int Run(
        Func<KafkaLogOptions> kafka, string outputPath, string group, PipelineOptions options, CheckpointPolicy? policy, bool fromScratch, TimeSpan? exitWhenIdle, bool quiet,
        LivePipeline? live, CancellationToken cancellationToken)
    {
        KafkaLogOptions? kafkaOptions = null;
        KafkaGroupProcessor? processor = null;
        try
        {
            if (policy is null)
                throw new ArgumentException("processing from Kafka needs checkpoints: they are what a partition's next owner restores (drop --no-checkpoint)");
            if (fromScratch)
                throw new ArgumentException("--from-scratch with Kafka: use a new --group and a new --out instead (other instances may own the folder's checkpoints)");
            if (exitWhenIdle is { } idle && idle <= TimeSpan.Zero)
                throw new ArgumentException("--exit-when-idle must be positive");
            var clock = Stopwatch.StartNew();
            var output = new RunDirectory(outputPath);
            kafkaOptions = kafka();
            processor = new KafkaGroupProcessor(kafkaOptions, group, output, options, policy, exitWhenIdle)
            {
                Live = live,
                Notice = quiet ? null : line => Console.Error.WriteLine("shopstream: " + line),
                Warning = line => Console.Error.WriteLine("shopstream: warning: " + line),
            };
            // Ctrl+C too: the partitions are checkpointed as the group is left, and the results written.
            var result = processor.Run(cancellationToken);
            if (processor.LeftGroupUncleanly)
                Console.Error.WriteLine($"shopstream: warning: leaving consumer group '{group}' did not finish in time; the group drops this instance when its session times out");
            if (processor.Unfinished.Count > 0)
            {
                string when = processor.Stopped ? "when this instance was stopped" : $"after waiting {processor.HandOverWait.TotalSeconds:N0} s";
                Console.Error.WriteLine($"shopstream: warning: partitions {string.Join(", ", processor.Unfinished)} were still behind the topic's end {when}, so the results written miss their newest events; the instance that finishes them writes whole results when it stops");
            }

            if (!quiet)
            {
                var console = AnsiConsole.Console;
                string how = processor.Stopped ? "stopped at a signal after processing" : "processed";
                // The idle wait is not processing: with it, 5,000 events in 10.4 s were 481 events/s.
                var idleAtExit = processor.IdleAtExit;
                string idleText = idleAtExit > TimeSpan.Zero ? $"; idle for {idleAtExit.TotalSeconds:N1} s before it stopped (--exit-when-idle), left out of the time below" : "";
                console.MarkupLineInterpolated($"{how} {processor.Processed:N0} events in group '{group}' ({processor.Assigned} partition assignments, {processor.Resumed} resumed from checkpoints); results merged from every partition's checkpoint{idleText}");
                RunReport.Print(console, result.Summary, output.Path, clock.Elapsed - idleAtExit, processed: processor.Processed, whole: processor.Unfinished.Count == 0 && processor.Gone == 0);
            }

            LateOutcome.Warn(result, options.Late.Lateness);
            if (result.Summary.EventsRead == 0)
                Console.Error.WriteLine($"shopstream: warning: topic {kafkaOptions.Topics.Events} holds no records, so the results are empty");

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is ArgumentException or CheckpointException or UnknownCheckpointVersionException)
        {
            return JobRunner.Fail(ExitCodes.BadInput, ex);
        }
        catch (KafkaException ex)
        {
            // An instance that got partitions has checkpoints to go on from: as it stopped, when it was stopped (before
            // anything asked Kafka for the results' counts), else its latest (an idle instance's, as it began to stop).
            string? consequence = processor is { Assigned: > 0 }
                ? $"the results were not written, but this instance's partitions were checkpointed in {Path.Combine(outputPath, "checkpoint")}{(processor.Stopped ? "" : " (as of their latest checkpoint)")}: "
                    + "run the same command again once Kafka answers, and it goes on from them"
                : null;
            return KafkaFailure.Exit(kafkaOptions?.BootstrapServers, ex, consequence);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return JobRunner.Fail(ExitCodes.Failed, ex);
        }
    }
}
