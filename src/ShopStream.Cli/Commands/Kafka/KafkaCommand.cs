using System.CommandLine;

namespace ShopStream.Cli.Commands.Kafka;

/// <summary><c>shopstream kafka ...</c>: tools for the scale-out mode on Kafka.</summary>
internal static class KafkaCommand
{
    public static Command Create() => new("kafka", "Tools for running ShopStream on Kafka") { MockClusterCommand.Create() };
}
