using Confluent.Kafka;
using ShopStream.Core.Log;

namespace ShopStream.Kafka;

/// <summary>
/// <see cref="IEventLog"/> on a Kafka topic (<see cref="KafkaTopics.Events"/>): partitions are the topic's,
/// offsets Kafka's, consumer-group commits Kafka's own (<see cref="Commit(string, int, long)"/>,
/// <see cref="Committed"/>). Payloads are the embedded log's (<see cref="LoggedEvent"/>): they travel as JSON
/// values (<see cref="Json.KafkaEventJson"/>) keyed by user id, produced with <c>acks=all</c> and idempotence.
/// Source positions travel in record headers (<see cref="BlockHeader"/>), so an interrupted ingest resumes
/// without publishing a row twice. Built by <see cref="KafkaLogBuilder"/>.
/// </summary>
public sealed partial class KafkaEventLog : IEventLog
{
    private readonly KafkaLogOptions _options;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly object _tailLock = new();
    private IConsumer<byte[], byte[]>? _tail;
    private bool _disposed;

    internal KafkaEventLog(KafkaLogOptions options, IProducer<byte[], byte[]> producer, int partitions)
    {
        _options = options;
        _producer = producer;
        Partitions = partitions;
        _nextOffsets = new long[partitions];
        Array.Fill(_nextOffsets, -1);
        _partialBlocks = new BlockHeader?[partitions];
        _lookedBack = new LookBack?[partitions];
    }

    public int Partitions { get; }

    public string Topic => _options.Topics.Events;

    /// <summary>
    /// The topic's name: a topic deleted and made again under it is not told apart here, but one shorter than a
    /// checkpoint's offsets is refused when the partition is assigned.
    /// </summary>
    public string Identity => $"kafka topic {Topic}";

    public KafkaLogOptions Options => _options;

    public long StartOffset(int partition) => Watermarks(partition).Low.Value;

    public long EndOffset(int partition) => Watermarks(partition).High.Value;

    /// <inheritdoc/>
    /// <remarks>The reader has its own consumer (no group): dispose it when done.</remarks>
    public ILogReader OpenReader(int partition, long offset)
    {
        CheckPartition(partition);
        return new KafkaLogReader(this, partition, offset);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _producer.Flush(_options.Timeout);
        _producer.Dispose();
        lock (_tailLock)
            _tail?.Dispose();
        lock (_groups)
        {
            foreach (var consumer in _groups.Values)
                consumer.Dispose();
        }
    }

    private WatermarkOffsets Watermarks(int partition)
    {
        CheckPartition(partition);
        lock (_tailLock)
        {
            var tail = Tail();
            try
            {
                return BoundedCall.Run(
                    () => tail.QueryWatermarkOffsets(new TopicPartition(Topic, partition), _options.Timeout), _options.Timeout + BoundedCall.Grace, $"the offsets of {Topic} [{partition}]");
            }
            catch (AbandonedCallException)
            {
                _tail = null; // possibly still inside the query: the next call gets a client of its own
                throw;
            }
        }
    }

    private IConsumer<byte[], byte[]> Tail() => _tail ??= KafkaClients.NewConsumer(_options, group: null).Build();

    private void CheckPartition(int partition)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, Partitions);
    }
}
