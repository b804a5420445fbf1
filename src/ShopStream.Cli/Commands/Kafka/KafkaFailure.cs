using Confluent.Kafka;

namespace ShopStream.Cli.Commands.Kafka;

/// <summary>A Kafka error as every Kafka command reports it: one line naming the cluster's address, exit 1.</summary>
internal static class KafkaFailure
{
    /// <param name="consequence">What the failure left undone and how to go on, after the reason (null: nothing more to say).</param>
    public static int Exit(string? bootstrapServers, KafkaException ex, string? consequence = null) =>
        JobRunner.Fail(ExitCodes.Failed, new InvalidOperationException($"Kafka at {bootstrapServers}: {ex.Error.Reason}{(consequence is null ? "" : "; " + consequence)}", ex));
}
