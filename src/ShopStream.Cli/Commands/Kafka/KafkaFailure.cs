using Confluent.Kafka;

namespace ShopStream.Cli.Commands.Kafka;

/// <summary>A Kafka error as every Kafka command reports it: one line naming the cluster's address, exit 1.</summary>
internal static class KafkaFailure
{
    public static int Exit(string? bootstrapServers, KafkaException ex) =>
        JobRunner.Fail(ExitCodes.Failed, new InvalidOperationException($"Kafka at {bootstrapServers}: {ex.Error.Reason}", ex));
}
