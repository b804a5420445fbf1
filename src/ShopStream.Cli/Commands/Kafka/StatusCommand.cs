using System.CommandLine;
using Confluent.Kafka;
using ShopStream.Kafka;
using ShopStream.Kafka.Lag;
using Spectre.Console;

namespace ShopStream.Cli.Commands.Kafka;

/// <summary><c>shopstream status --bootstrap HOST:PORT --group G</c>: a consumer group's lag on the events topic, per partition.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var kafka = new KafkaOptionSet();
        var group = new Option<string>("--group", "-g") { Description = "The consumer group (the processor instances' --group)", Required = true };
        var prometheus = new Option<bool>("--prometheus") { Description = "Print the lag as Prometheus text-format metrics (shopstream_kafka_consumer_lag) instead of a table" };
        var command = new Command("status", "Show a consumer group's lag per partition of the events topic") { group, prometheus };
        kafka.AddTo(command);
        command.SetAction(parse =>
        {
            KafkaLogOptions? options = null;
            try
            {
                options = kafka.Read(parse, eventsTopicOnly: true);
                var lags = ConsumerLag.Read(options, parse.GetRequiredValue(group));
                if (parse.GetValue(prometheus))
                    PrintMetrics(options, parse.GetRequiredValue(group), lags);
                else
                    PrintTable(options, parse.GetRequiredValue(group), lags);
                return ExitCodes.Ok;
            }
            catch (ArgumentException ex)
            {
                return JobRunner.Fail(ExitCodes.BadInput, ex);
            }
            catch (KafkaException ex)
            {
                return KafkaFailure.Exit(options?.BootstrapServers, ex);
            }
        });
        return command;
    }

    private static void PrintTable(KafkaLogOptions options, string group, IReadOnlyList<PartitionLag> lags)
    {
        var table = new Table().AddColumns("partition", "committed", "start", "end", "lag");
        foreach (var l in lags)
            table.AddRow($"{l.Partition}", l.Committed?.ToString("N0") ?? "-", $"{l.Start:N0}", $"{l.End:N0}", $"{l.Lag:N0}");
        table.AddRow("[bold]all[/]", "", "", $"{lags.Sum(l => l.End):N0}", $"[bold]{lags.Sum(l => l.Lag):N0}[/]");
        AnsiConsole.MarkupLineInterpolated($"group [bold]{group}[/] on topic [bold]{options.Topics.Events}[/] ({options.BootstrapServers})");
        AnsiConsole.Write(table);
    }

    private static void PrintMetrics(KafkaLogOptions options, string group, IReadOnlyList<PartitionLag> lags)
    {
        Console.Out.WriteLine("# HELP shopstream_kafka_consumer_lag Records of the partition the consumer group has not committed yet.");
        Console.Out.WriteLine("# TYPE shopstream_kafka_consumer_lag gauge");
        foreach (var l in lags)
            Console.Out.WriteLine($"shopstream_kafka_consumer_lag{{group=\"{Escape(group)}\",topic=\"{options.Topics.Events}\",partition=\"{l.Partition}\"}} {l.Lag}");
    }

    private static string Escape(string label) => label.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
