using Confluent.Kafka;
using ShopStream.Core.Log;
using ShopStream.Core.Orders;

namespace ShopStream.Kafka.Orders;

/// <summary>
/// Reads <see cref="KafkaTopics.Orders"/> as typed <see cref="ShopOrder"/>s, the way a downstream consumer (campaign
/// attribution, fulfilment) takes them. Without a group it reads every partition from its start; with one it joins
/// the group (its committed offsets, else the start) and <see cref="Commit"/> commits what was read. A record that
/// is not a valid order (or over <see cref="KafkaLogOptions.MaxValueBytes"/>) is skipped and counted in
/// <see cref="Invalid"/>, its reason in <see cref="LastError"/>: a poison message never stalls the reader.
/// The same order may come twice (see <see cref="KafkaOrderPublisher"/>): dedupe by user and order id.
/// </summary>
public sealed class KafkaOrderReader : IDisposable
{
    private readonly KafkaLogOptions _options;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly bool _grouped;

    public KafkaOrderReader(KafkaLogOptions options, string? group = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _grouped = group is not null;
        _consumer = KafkaClients.NewConsumer(options, group).Build();
        if (_grouped)
        {
            _consumer.Subscribe(options.Topics.Orders);
            return;
        }

        try
        {
            int partitions = KafkaLogBuilder.Partitions(options.Topics.Orders, options);
            _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(options.Topics.Orders, p, Offset.Beginning)));
        }
        catch
        {
            _consumer.Dispose();
            throw;
        }
    }

    /// <summary>Records skipped because they were not valid orders.</summary>
    public long Invalid { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Orders as they come, until none has come for <paramref name="idle"/> (or cancellation).</summary>
    public IEnumerable<ShopOrder> Read(TimeSpan idle, CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var result = _consumer.Consume(idle);
            if (result is null)
                yield break;
            if (result.IsPartitionEOF)
                continue;
            var order = Parse(result);
            if (_grouped)
                _consumer.StoreOffset(result);
            if (order is not null)
                yield return order;
        }
    }

    /// <summary>With a group: commits the offsets of what <see cref="Read"/> returned so far.</summary>
    public void Commit()
    {
        if (!_grouped)
            throw new InvalidOperationException("a reader without a consumer group has nothing to commit");
        _consumer.Commit();
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }

    private ShopOrder? Parse(ConsumeResult<byte[], byte[]> result)
    {
        var value = result.Message.Value ?? [];
        try
        {
            if (value.Length > _options.MaxValueBytes)
                throw new LogFormatException($"a record of {value.Length} bytes is over the {_options.MaxValueBytes}-byte limit");
            return ShopOrderJson.Read(value);
        }
        catch (LogFormatException ex)
        {
            Invalid++;
            LastError = $"{result.Topic} [{result.Partition.Value}] offset {result.Offset.Value}: {ex.Message}";
            return null;
        }
    }
}
