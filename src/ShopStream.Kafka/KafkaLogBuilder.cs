using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace ShopStream.Kafka;

/// <summary>
/// Connects a <see cref="KafkaEventLog"/>: <c>new KafkaLogBuilder(options).Build()</c>. Finds the events topic's
/// partitions, creating the topic (with <see cref="KafkaLogOptions.CreatePartitions"/>) when the cluster lacks it.
/// </summary>
public sealed class KafkaLogBuilder
{
    private readonly KafkaLogOptions _options;

    public KafkaLogBuilder(KafkaLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Connects; throws <see cref="KafkaException"/> when the cluster cannot be reached within the timeout.</summary>
    public KafkaEventLog Build()
    {
        _options.Validate();
        string topic = _options.Topics.Events;
        var producer = KafkaClients.NewProducer(_options);
        try
        {
            int partitions = Partitions(producer, topic, _options);
            return new KafkaEventLog(_options, producer, partitions);
        }
        catch
        {
            producer.Dispose();
            throw;
        }
    }

    /// <summary>How many partitions <paramref name="topic"/> has, creating it first when it does not exist.</summary>
    internal static int Partitions(IClient client, string topic, KafkaLogOptions options)
    {
        using var admin = new DependentAdminClientBuilder(client.Handle).Build();
        var found = Describe(admin, topic, options.Timeout);
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
        while ((found = Describe(admin, topic, options.Timeout)) == 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(100);
        return found > 0 ? found : throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart, $"topic {topic} was created but has no partitions yet"));
    }

    private static int Describe(IAdminClient admin, string topic, TimeSpan timeout)
    {
        var metadata = admin.GetMetadata(topic, timeout);
        var t = metadata.Topics.FirstOrDefault(x => x.Topic == topic);
        if (t is null || t.Error.Code == ErrorCode.UnknownTopicOrPart)
            return 0;
        if (t.Error.IsError && t.Error.Code != ErrorCode.LeaderNotAvailable)
            throw new KafkaException(t.Error);
        return t.Partitions.Count;
    }
}
