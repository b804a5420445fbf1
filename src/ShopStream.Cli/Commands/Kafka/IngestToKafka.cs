using System.Diagnostics;
using Confluent.Kafka;
using ShopStream.Cli.Reporting;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Output;
using ShopStream.Kafka;
using ShopStream.Kafka.Orders;
using Spectre.Console;

namespace ShopStream.Cli.Commands.Kafka;

/// <summary>
/// <c>shopstream ingest --to kafka</c>: the same validated, resumable ingest as into the embedded log, into the
/// events topic. Rejected records go to <c>DIR/rejected/ingest.jsonl</c>; run again after an interruption (with
/// the same --out), it publishes no event twice. Whole orders (purchase lines sharing an order id: orders format,
/// JSON lines) also go to the orders topic (<see cref="KafkaOrderPublisher"/>); REES46 has no order ids.
/// </summary>
internal static class IngestToKafka
{
    public static int Run(string input, InputFormat? format, string outputPath, KafkaLogOptions options, bool quiet, bool sameStream)
    {
        try
        {
            var inputs = InputFiles.Resolve(input);
            using var ingestLock = new RunDirectory(outputPath).LockForIngest();
            var clock = Stopwatch.StartNew();
            using var log = new KafkaLogBuilder(options).Build();
            // REES46 has no order ids: no orders publisher (nor orders topic) for inputs all in it.
            bool rees46 = inputs.All(i => (format ?? InputIdentity.DetectedFormat(i)) == InputFormat.Rees46);
            using var orders = rees46 ? null : new KafkaOrderPublisher(options, OrderDisorder);
            var result = Ingest(inputs, format, log, outputPath, orders, sameStream);
            if (!quiet)
                Report(result, log, outputPath, clock.Elapsed);
            if (orders is not null)
                ReportOrders(orders, options, quiet);
            return InputOutcome.ExitCode(result.Read, result.Accepted, new RunDirectory(outputPath).IngestRejectedFile, result.Warnings, $"topic {options.Topics.Events}", result.HeldLine);
        }
        catch (Exception ex) when (ex is InputException or ArgumentException or LogFormatException)
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

    /// <summary>How far behind the largest event time an order's lines may still come: the pipeline's default allowed disorder.</summary>
    public static readonly TimeSpan OrderDisorder = new ShopStream.Core.Processing.PipelineOptions().AllowedDisorder;

    /// <summary>Runs the ingest into <paramref name="log"/>, rejects to <c>DIR/rejected/ingest.jsonl</c>, orders to <paramref name="orders"/>.</summary>
    public static IngestResult Ingest(IReadOnlyList<InputFile> inputs, InputFormat? format, KafkaEventLog log, string outputPath, KafkaOrderPublisher? orders, bool sameStream) =>
        new LogIngest(inputs, format, log, new RunDirectory(outputPath).IngestRejectedFile, Environment.ProcessorCount) { Observer = orders, SameStream = sameStream, NewLogHint = "publish to a new --topic" }.Run();

    /// <summary>One line on what went to the orders topic (unless <paramref name="quiet"/>), and a warning, always, for orders too large to publish.</summary>
    public static void ReportOrders(KafkaOrderPublisher orders, KafkaLogOptions options, bool quiet)
    {
        var a = orders.Assembler;
        if (!quiet)
        {
            Console.Error.WriteLine($"orders: {orders.Published:N0} published to {options.Topics.Orders}" +
                (a.DuplicateLines + a.LateLines > 0 ? $" ({a.DuplicateLines:N0} duplicate and {a.LateLines:N0} late lines left out)" : ""));
        }

        if (orders.TooLarge > 0)
        {
            Console.Error.WriteLine(
                $"shopstream: warning: {orders.TooLarge:N0} order(s) of over {ShopOrderJson.MaxItems:N0} items or {options.MaxValueBytes / 1024:N0} KiB not published to {options.Topics.Orders} " +
                "(its readers skip such records); their lines are on the events topic as purchases");
        }
    }

    private static void Report(IngestResult r, KafkaEventLog log, string outputPath, TimeSpan elapsed)
    {
        var console = AnsiConsole.Console;
        IngestReport.Print(console, r, elapsed, "published", ": what the topic held was not published again");
        long total = Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p) - log.StartOffset(p));
        console.MarkupLineInterpolated($"kafka: topic [bold]{log.Topic}[/] on {log.Options.BootstrapServers} ({log.Partitions} partitions, {total:N0} events); rejected records in {Path.GetFullPath(Path.Combine(outputPath, "rejected"))}");
    }
}
