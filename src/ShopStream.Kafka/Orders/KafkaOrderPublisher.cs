using System.Buffers;
using System.Text.Json;
using Confluent.Kafka;
using ShopStream.Core.Events;
using ShopStream.Core.Log;
using ShopStream.Core.Orders;
using UserPartitioner = ShopStream.Core.Processing.Partitioner;

namespace ShopStream.Kafka.Orders;

/// <summary>
/// Publishes the orders of an ingest to <see cref="KafkaTopics.Orders"/>: an <see cref="IIngestObserver"/> that
/// gathers purchase lines into orders (<see cref="OrderAssembler"/>) and produces each completed order as one
/// <see cref="ShopOrderJson"/> record, keyed by user id on partition <see cref="UserPartitioner.Of"/> (where the
/// user's events are on the events topic), with the events producer's settings (acks=all, idempotence). The orders a
/// block completes are acknowledged before the block's events are appended, and a resumed ingest does not publish
/// again what the blocks the log already held completed; so a crash duplicates at most the orders of the block in
/// flight, and those still open at the end of input when a finished ingest is run again. Consumers dedupe by
/// <c>order_id</c> and <c>user_id</c>.
/// </summary>
public sealed class KafkaOrderPublisher : IIngestObserver, IDisposable
{
    private readonly KafkaLogOptions _options;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly int _partitions;
    private readonly OrderAssembler _assembler;
    private readonly List<ShopOrder> _completed = [];
    private readonly ArrayBufferWriter<byte> _json = new(1024);
    private readonly Utf8JsonWriter _writer;
    private Error? _error;

    /// <summary>Connects and finds the orders topic's partitions (creating it as the events topic is created).</summary>
    public KafkaOrderPublisher(KafkaLogOptions options, TimeSpan allowedDisorder)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _producer = KafkaClients.NewProducer(options);
        try
        {
            _partitions = KafkaLogBuilder.Partitions(options.Topics.Orders, options);
        }
        catch
        {
            _producer.Dispose();
            throw;
        }

        _assembler = new OrderAssembler(allowedDisorder);
        _writer = new Utf8JsonWriter(_json, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>Orders published (not counting those a resumed ingest found already published).</summary>
    public long Published { get; private set; }

    /// <summary>
    /// Orders not published because a reader would skip them (<see cref="KafkaOrderReader"/>): over
    /// <see cref="ShopOrderJson.MaxItems"/> items or <see cref="KafkaLogOptions.MaxValueBytes"/>. One of 20,000 lines
    /// was over the producer's message size: the ingest stopped there, and every run again stopped at it.
    /// </summary>
    public long TooLarge { get; private set; }

    /// <summary>The assembler: open orders, duplicate and late lines.</summary>
    public OrderAssembler Assembler => _assembler;

    public void Accepted(in ShopEvent e, long streamMaxTicks) => _assembler.Add(e, streamMaxTicks, _completed);

    public void EndBlock(bool held)
    {
        if (!held)
            Publish();
        _completed.Clear();
    }

    public void Completed()
    {
        _assembler.Finish(_completed);
        Publish();
        _completed.Clear();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _producer.Dispose();
    }

    private void Publish()
    {
        if (_completed.Count == 0)
            return;
        long published = 0;
        foreach (var order in _completed)
        {
            _json.ResetWrittenCount();
            _writer.Reset();
            ShopOrderJson.Write(_writer, order);
            if (order.Items.Count > ShopOrderJson.MaxItems || _json.WrittenCount > _options.MaxValueBytes)
            {
                TooLarge++;
                continue;
            }

            published++;
            var message = new Message<byte[], byte[]>
            {
                Key = KafkaClients.Key(order.UserId),
                Value = _json.WrittenSpan.ToArray(),
                Timestamp = new Timestamp(order.OrderTime),
            };
            _producer.ProduceWhenRoom(
                new TopicPartition(_options.Topics.Orders, UserPartitioner.Of(order.UserId, _partitions)), message, r => _error ??= r.Error.IsError ? r.Error : null);
        }

        _producer.FlushAll(_options.Timeout, $"orders to {_options.Topics.Orders}");
        if (_error is { } error)
            throw new KafkaException(error);
        Published += published;
    }
}
