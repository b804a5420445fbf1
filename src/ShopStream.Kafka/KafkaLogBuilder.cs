using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace ShopStream.Kafka;

/// <summary>
/// Connects a <see cref="KafkaEventLog"/>: <c>new KafkaLogBuilder(options).Build()</c>. Finds the events topic's
/// partitions, creating the topic (with <see cref="KafkaLogOptions.CreatePartitions"/>) when the cluster lacks it,
/// unless <see cref="ExistingTopic"/> (readers: a typo'd topic is an error, not a new empty one).
/// </summary>
public sealed class KafkaLogBuilder
{
    private readonly KafkaLogOptions _options;
    private bool _create = true;

    public KafkaLogBuilder(KafkaLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>The topic must exist: a missing one is an error (<see cref="KafkaException"/>, UnknownTopicOrPart).</summary>
    public KafkaLogBuilder ExistingTopic()
    {
        _create = false;
        return this;
    }

    /// <summary>Connects; throws <see cref="KafkaException"/> when the cluster cannot be reached (no bootstrap server accepts a connection, at once) or does not answer within the timeout.</summary>
    public KafkaEventLog Build()
    {
        _options.Validate();
        BootstrapReachability.Require(_options.BootstrapServers, _options.Timeout);
        string topic = _options.Topics.Events;
        var producer = KafkaClients.NewProducer(_options);
        try
        {
            int partitions = Partitions(producer, topic, _options, _create);
            return new KafkaEventLog(_options, producer, partitions);
        }
        catch
        {
            producer.Dispose();
            throw;
        }
    }

    /// <summary>How many partitions <paramref name="topic"/> has, creating it first when it does not exist (if <paramref name="create"/>).</summary>
    internal static int Partitions(IClient client, string topic, KafkaLogOptions options, bool create = true)
    {
        using var admin = new DependentAdminClientBuilder(client.Handle).Build();
        var found = Describe(admin, topic, options.Timeout, named: false);
        if (found > 0)
            return found;
        if (!create)
            throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart, $"topic {topic} does not exist on {options.BootstrapServers} (ingest or generate creates it)"));

        // Named, the request lets a broker that creates topics on demand make it (librdkafka's mock cluster, whose
        // CreateTopics does not answer, does only this: with its default partition count).
        found = Describe(admin, topic, options.Timeout, named: true);
        if (found > 0)
            return found;
        try
        {
            admin.CreateTopicsAsync(
                [new TopicSpecification { Name = topic, NumPartitions = options.CreatePartitions, ReplicationFactor = options.ReplicationFactor }],
                new CreateTopicsOptions { RequestTimeout = options.Timeout, OperationTimeout = options.Timeout }).GetAwaiter().GetResult();
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
        {
        }

        var deadline = DateTime.UtcNow + options.Timeout;
        while ((found = Describe(admin, topic, options.Timeout, named: false)) == 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(100);
        return found > 0 ? found : throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart, $"topic {topic} was created but has no partitions yet"));
    }

    // Unless named, from the metadata of all topics: a request naming a missing topic may create it with the broker's
    // default partition count (auto.create.topics.enable, which librdkafka's mock cluster has on), so a reader would
    // make a typo'd topic look like an idle one.
    private static int Describe(IAdminClient admin, string topic, TimeSpan timeout, bool named)
    {
        var metadata = named ? admin.GetMetadata(topic, timeout) : admin.GetMetadata(timeout);
        var t = metadata.Topics.FirstOrDefault(x => x.Topic == topic);
        if (t is null || t.Error.Code == ErrorCode.UnknownTopicOrPart)
            return 0;
        if (t.Error.IsError && t.Error.Code != ErrorCode.LeaderNotAvailable)
            throw new KafkaException(t.Error);
        return t.Partitions.Count;
    }
}
