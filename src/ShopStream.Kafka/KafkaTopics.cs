namespace ShopStream.Kafka;

/// <summary>
/// The topics of a shop's setup. Events (the canonical clickstream, orders' purchase lines included) are keyed by
/// user id, stock changes by product id; undeserializable records go to the dead-letter topic with the reason.
/// </summary>
public sealed record KafkaTopics
{
    public static readonly KafkaTopics Default = new();

    /// <summary>Canonical shop events, keyed by user id (the processor's input).</summary>
    public string Events { get; init; } = "shop.events";

    /// <summary>Orders with their line items, keyed by user id.</summary>
    public string Orders { get; init; } = "shop.orders";

    /// <summary>Stock changes per product and warehouse, keyed by product id.</summary>
    public string Inventory { get; init; } = "shop.inventory";

    /// <summary>Records a consumer could not deserialize, with the reason in a header.</summary>
    public string DeadLetters { get; init; } = "shop.dead-letters";

    public IReadOnlyList<string> All => [Events, Orders, Inventory, DeadLetters];

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when two roles share a topic: dead letters written to the events topic
    /// were read again and dead-lettered again, forever (the topic grew from 396 records to 22,873 in a minute), and
    /// orders published into it stopped the ingest's resume at a record it had not appended as an event.
    /// </summary>
    public void ValidateDistinct()
    {
        (string Role, string Topic)[] roles = [("events (--topic)", Events), ("orders (--orders-topic)", Orders), ("inventory (--inventory-topic)", Inventory), ("dead letters (--dead-letter-topic)", DeadLetters)];
        for (int i = 0; i < roles.Length; i++)
        {
            for (int j = i + 1; j < roles.Length; j++)
            {
                if (roles[i].Topic == roles[j].Topic)
                    throw new ArgumentException($"the {roles[i].Role} and {roles[j].Role} topics are both '{roles[i].Topic}': each kind of record needs a topic of its own");
            }
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="topic"/> is a legal Kafka topic name.</summary>
    public static void Validate(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Length is 0 or > 249 || topic is "." or ".." || !topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            throw new ArgumentException($"'{topic}' is not a Kafka topic name (1..249 of letters, digits, '.', '_', '-')");
    }
}
