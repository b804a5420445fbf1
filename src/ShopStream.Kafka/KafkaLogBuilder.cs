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
    // How long CreateTopics may go unanswered before the topic is made by naming it instead (a real broker answers
    // at once, once its controller has made the topic or refused).
    private static readonly TimeSpan CreateAnswerWait = TimeSpan.FromSeconds(5);

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

    /// <summary>
    /// Connects; throws <see cref="KafkaException"/> when the cluster cannot be reached (no bootstrap server accepts a
    /// connection, at once) or does not answer within the timeout, and <see cref="ArgumentException"/> when
    /// <see cref="KafkaLogOptions.PartitionsRequired"/> and the topic has another count.
    /// </summary>
    public KafkaEventLog Build()
    {
        _options.Validate();
        BootstrapReachability.Require(_options.BootstrapServers, _options.Timeout);
        string topic = _options.Topics.Events;
        // The topic first, through an admin client of its own: no producer is made for a topic that is missing or
        // has another count.
        int partitions = Partitions(topic, _options, out bool onDemand, _create);
        if (_options.PartitionsRequired && partitions != _options.CreatePartitions)
        {
            // A topic made just now is not one that was there: "a topic keeps its count" read as if it had been.
            throw new ArgumentException(onDemand
                ? $"topic {topic} was made by the cluster on demand with {partitions} partitions, not the {_options.CreatePartitions} of --partitions: " +
                  "CreateTopics went unanswered (librdkafka's mock cluster never answers it: 'kafka mock-cluster --topics T --partitions N' makes topics with N); " +
                  "the topic stays, empty"
                : $"topic {topic} has {partitions} partitions, not the {_options.CreatePartitions} of --partitions: a topic keeps its count " +
                  "(leave --partitions out, or use a new --topic; librdkafka's mock cluster gives the topics it makes on demand its own " +
                  "count: 'kafka mock-cluster --topics T --partitions N' makes them with N)");
        }

        return new KafkaEventLog(_options, KafkaClients.NewProducer(_options), partitions);
    }

    /// <summary>How many partitions <paramref name="topic"/> has, creating it first when it does not exist (if <paramref name="create"/>).</summary>
    internal static int Partitions(string topic, KafkaLogOptions options, bool create = true) => Partitions(topic, options, out _, create);

    /// <param name="onDemand">Whether the topic was missing and the cluster made it on demand, with its own count (CreateTopics unanswered).</param>
    private static int Partitions(string topic, KafkaLogOptions options, out bool onDemand, bool create = true)
    {
        onDemand = false;
        using var admin = KafkaClients.NewAdmin(options);
        var found = Describe(admin, topic, options.Timeout, named: false);
        if (found > 0)
            return found;
        if (!create)
            throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart, $"topic {topic} does not exist (ingest or generate creates it)"));

        // CreateTopics first: a request naming the topic would have a broker that makes topics on demand (Kafka's
        // auto.create.topics.enable, on by default, and a producer's allow.auto.create.topics) make it with the
        // broker's num.partitions, 1 by default, whatever CreatePartitions says.
        var wait = options.Timeout < CreateAnswerWait ? options.Timeout : CreateAnswerWait;
        if (!Create(admin, topic, options, wait))
        {
            // No answer (librdkafka's mock cluster never answers CreateTopics): only a request naming the topic makes it then.
            found = Describe(admin, topic, options.Timeout, named: true);
            if (found > 0 && found != options.CreatePartitions && !options.PartitionsRequired)
            {
                // Made on demand, with the broker's count: never silently (a topic of one partition is read by one instance).
                options.Warn?.Invoke($"topic {topic} was made by the cluster on demand with {found} partitions, not {options.CreatePartitions}: CreateTopics went unanswered for {wait.TotalSeconds:0.#} s (librdkafka's mock cluster never answers it; create the topic beforehand on a slow cluster)");
            }

            if (found > 0)
            {
                onDemand = true;
                return found;
            }
        }

        var deadline = DateTime.UtcNow + options.Timeout;
        while ((found = Describe(admin, topic, options.Timeout, named: false)) == 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(100);
        return found > 0 ? found : throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart, $"topic {topic} was created but has no partitions yet"));
    }

    // Whether the cluster answered the CreateTopics request (made it, or it was there by now); false when it did not
    // answer within `wait`. Any other refusal (authorization, a replication factor over the brokers) throws.
    private static bool Create(IAdminClient admin, string topic, KafkaLogOptions options, TimeSpan wait)
    {
        try
        {
            admin.CreateTopicsAsync(
                [new TopicSpecification { Name = topic, NumPartitions = options.CreatePartitions, ReplicationFactor = options.ReplicationFactor }],
                new CreateTopicsOptions { RequestTimeout = wait, OperationTimeout = wait }).GetAwaiter().GetResult();
            return true;
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
        {
            return true;
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.Local_TimedOut or ErrorCode.RequestTimedOut))
        {
            return false;
        }
        catch (KafkaException ex) when (ex.Error.Code is ErrorCode.Local_TimedOut or ErrorCode.RequestTimedOut)
        {
            return false;
        }
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
