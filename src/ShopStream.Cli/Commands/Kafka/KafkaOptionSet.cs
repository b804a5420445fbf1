using System.CommandLine;
using ShopStream.Kafka;

namespace ShopStream.Cli.Commands.Kafka;

/// <summary>The options every command that talks to Kafka shares: where the cluster is, which topic, how long to wait.</summary>
internal sealed class KafkaOptionSet
{
    public const string BootstrapVariable = "KAFKA_BOOTSTRAP_SERVERS";

    public Option<string?> Bootstrap { get; } = new("--bootstrap")
    {
        Description = $"Kafka bootstrap servers, HOST:PORT[,HOST:PORT...] (default: ${BootstrapVariable})",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(BootstrapVariable),
    };

    public Option<string> Topic { get; } = new("--topic")
    {
        Description = "The events topic",
        DefaultValueFactory = _ => KafkaTopics.Default.Events,
    };

    public Option<string> DeadLetterTopic { get; } = new("--dead-letter-topic")
    {
        Description = "Where consumers put records they cannot read",
        DefaultValueFactory = _ => KafkaTopics.Default.DeadLetters,
    };

    public Option<string> InventoryTopic { get; } = new("--inventory-topic")
    {
        Description = "Where stock changes go (generate --to kafka --inventory kafka)",
        DefaultValueFactory = _ => KafkaTopics.Default.Inventory,
    };

    public Option<string> OrdersTopic { get; } = new("--orders-topic")
    {
        Description = "Where whole orders go (ingest and generate --to kafka, for inputs whose purchases have order ids)",
        DefaultValueFactory = _ => KafkaTopics.Default.Orders,
    };

    private readonly DurationOption _timeout = new("--kafka-timeout", "How long to wait for the cluster before giving up", "30s, 2m", TimeSpan.FromSeconds(30));

    public void AddTo(Command command)
    {
        command.Options.Add(Bootstrap);
        command.Options.Add(Topic);
        command.Options.Add(DeadLetterTopic);
        command.Options.Add(InventoryTopic);
        command.Options.Add(OrdersTopic);
        command.Options.Add(_timeout.Option);
    }

    /// <summary>
    /// Refuses (<see cref="ArgumentException"/>, exit 2) these options on the command line of one that does not talk
    /// to Kafka (<c>--from DIR</c>, an ingest into the embedded log): taken silently, a <c>--topic</c> there looked
    /// obeyed. (The bootstrap's environment variable is no option given.)
    /// </summary>
    public void RefuseWithout(ParseResult parse, string needs)
    {
        Option[] all = [Bootstrap, Topic, DeadLetterTopic, InventoryTopic, OrdersTopic, _timeout.Option];
        if (all.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } given)
            throw new ArgumentException($"{given.Name} is for Kafka: it needs {needs}");
    }

    /// <summary>The options given; <see cref="ArgumentException"/> (exit 2) when the bootstrap address is missing or malformed.</summary>
    /// <param name="partitions">The events topic's partitions when asked for (<c>ingest --partitions</c>): a new topic gets them, an existing one must have them.</param>
    /// <param name="eventsTopicOnly">
    /// For a command that reads the events topic alone (<c>status</c>, whose <c>--topic</c> may name any topic a group
    /// reads); the others' topics must each be their own (<see cref="KafkaTopics.ValidateDistinct"/>).
    /// </param>
    public KafkaLogOptions Read(ParseResult parse, int? partitions = null, string? bootstrapOverride = null, bool eventsTopicOnly = false)
    {
        string bootstrap = (bootstrapOverride ?? parse.GetValue(Bootstrap)) is { Length: > 0 } b
            ? b
            : throw new ArgumentException($"--bootstrap HOST:PORT is required (or set {BootstrapVariable})");
        var options = new KafkaLogOptions
        {
            BootstrapServers = bootstrap,
            Topics = KafkaTopics.Default with
            {
                Events = parse.GetRequiredValue(Topic),
                DeadLetters = parse.GetRequiredValue(DeadLetterTopic),
                Inventory = parse.GetRequiredValue(InventoryTopic),
                Orders = parse.GetRequiredValue(OrdersTopic),
            },
            Timeout = _timeout.Read(parse),
            CreatePartitions = partitions ?? KafkaLogOptions.DefaultPartitions,
            PartitionsRequired = partitions is not null,
            Log = Environment.GetEnvironmentVariable("SHOPSTREAM_DEBUG") == "1" ? line => Console.Error.WriteLine(line) : null,
            Warn = line => Console.Error.WriteLine($"shopstream: warning: {line}"),
        };
        options.Validate();
        if (!eventsTopicOnly)
            options.Topics.ValidateDistinct();
        return options;
    }
}
