using Confluent.Kafka;
using ShopStream.Core.Events;
using ShopStream.Core.Log;
using ShopStream.Kafka.Json;

namespace ShopStream.Kafka;

/// <summary>
/// <see cref="ILogReader"/> on one partition of the events topic, with a consumer assigned to it (no group).
/// Records come back as the embedded log's frames and payloads, so code written against <see cref="IEventLog"/>
/// reads Kafka unchanged. A record that is not a ShopStream event stops the reader with
/// <see cref="LogFormatException"/> naming its offset (as corrupt data stops the embedded log's reader); the
/// consumer-group reader, <see cref="Consumer.KafkaGroupReader"/>, sends such records to the dead letters instead.
/// </summary>
internal sealed class KafkaLogReader : ILogReader
{
    private readonly KafkaEventLog _log;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly LogBatch _one = new(1024);
    private byte[] _frames = new byte[64 * 1024];
    private ConsumeResult<byte[], byte[]>? _pending;

    public KafkaLogReader(KafkaEventLog log, int partition, long offset)
    {
        _log = log;
        Partition = partition;
        _consumer = KafkaClients.NewConsumer(log.Options, group: null).Build();
        Seek(offset);
    }

    public int Partition { get; }

    public long Position { get; private set; }

    public int Read(LogReadBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Reset(Position);
        int used = 0;
        var wait = Position < EndOffset() ? _log.Options.Timeout : TimeSpan.Zero;
        while (batch.Count < batch.Capacity)
        {
            var result = _pending ?? _consumer.Consume(batch.Count == 0 ? wait : TimeSpan.Zero);
            _pending = null;
            if (result is null || result.IsPartitionEOF)
                break;
            if (result.Offset.Value != Position)
            {
                // Offsets with no record (compaction, transaction markers): the next batch starts after the gap.
                _pending = result;
                if (batch.Count == 0)
                {
                    Position = result.Offset.Value;
                    batch.Reset(Position);
                    continue;
                }

                break;
            }

            var value = result.Message.Value ?? [];
            if (value.Length > _log.Options.MaxValueBytes)
                throw new LogFormatException($"{_log.Topic} [{Partition}] offset {Position}: a record of {value.Length} bytes is over the {_log.Options.MaxValueBytes}-byte limit");
            ShopEvent e;
            long streamMax;
            try
            {
                KafkaEventJson.Read(value, out e, out streamMax);
            }
            catch (LogFormatException ex)
            {
                throw new LogFormatException($"{_log.Topic} [{Partition}] offset {Position}: {ex.Message}", ex);
            }

            used = AddFrame(batch, used, e, streamMax);
            Position++;
        }

        return batch.Count;
    }

    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        while (Position >= EndOffset())
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public void Seek(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        _pending = null;
        _consumer.Assign(new TopicPartitionOffset(_log.Topic, Partition, offset));
        Position = offset;
    }

    public void Dispose() => _consumer.Dispose();

    // The high watermark that fetches bring along is enough while it is ahead; only at the apparent end is the
    // partition's real end asked for (a round trip), so reading to the end never stops early.
    private long EndOffset()
    {
        var partition = new TopicPartition(_log.Topic, Partition);
        long cached = _consumer.GetWatermarkOffsets(partition).High.Value;
        return cached >= 0 && Position < cached ? cached : _consumer.QueryWatermarkOffsets(partition, _log.Options.Timeout).High.Value;
    }

    private int AddFrame(LogReadBatch batch, int used, in ShopEvent e, long streamMax)
    {
        // The event as the embedded log frames it: the same LoggedEvent payload in the same record frame.
        _one.Clear();
        LoggedEvent.Add(_one, e, streamMax);
        var frame = _one.Frames.Span;
        if (used + frame.Length > _frames.Length)
        {
            // A batch's records all live in the buffer it was last given, at the same positions: a bigger buffer
            // starts with a copy of the smaller one, so the records added before stay valid.
            var bigger = new byte[Math.Max(_frames.Length * 2, used + frame.Length)];
            _frames.AsSpan(0, used).CopyTo(bigger);
            _frames = bigger;
        }

        frame.CopyTo(_frames.AsSpan(used));
        batch.Add(_frames, used, frame.Length);
        return used + frame.Length;
    }
}
