using System.Buffers;
using System.Text.Json;
using Confluent.Kafka;
using ShopStream.Core.Events;
using ShopStream.Core.Log;
using ShopStream.Kafka.Json;

namespace ShopStream.Kafka;

/// <summary>Appends: a batch becomes records of one partition, each carrying its <see cref="BlockHeader"/>.</summary>
public sealed partial class KafkaEventLog
{
    private readonly long[] _nextOffsets;

    public long Append(int partition, LogBatch batch, ReadOnlySpan<byte> sourcePosition = default) =>
        AppendCore(partition, batch, sourcePosition.ToArray(), batch?.Count ?? 0);

    public ValueTask<long> AppendAsync(int partition, LogBatch batch, ReadOnlyMemory<byte> sourcePosition = default, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(AppendCore(partition, batch, sourcePosition.ToArray(), batch?.Count ?? 0));
    }

    /// <summary>Waits until everything produced so far is acknowledged by all in-sync replicas.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_producer.Flush(_options.Timeout) > 0)
            throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"records were not acknowledged within {_options.Timeout.TotalSeconds:N0} s"));
    }

    /// <summary>
    /// Produces records <c>[skip, produce)</c> of <paramref name="batch"/> and waits for their acknowledgements. Only
    /// the first <paramref name="produce"/> records are sent, which tests use to leave a batch cut short as a crash would.
    /// </summary>
    internal long AppendCore(int partition, LogBatch batch, byte[] position, int produce)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CheckPartition(partition);
        int count = batch.Count;
        if (count == 0)
            return NextOffset(partition); // nothing to carry the position: see LastSourcePosition for why that is safe

        uint checksum = BlockHeader.Checksum(position);
        int skip = TakeLandedPrefix(partition, count, checksum);
        var target = new TopicPartition(Topic, partition);
        var delivery = new Delivery(produce - skip);
        var buffer = new ArrayBufferWriter<byte>(512);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        for (int i = skip; i < produce; i++)
        {
            var record = batch[i];
            LoggedEvent.Read(record.Payload, out ShopEvent e, out long streamMax);
            buffer.ResetWrittenCount();
            writer.Reset();
            EventJson.Write(writer, e, streamMax);
            var headers = new Headers { { BlockHeader.Name, new BlockHeader(i, count, checksum).ToBytes() } };
            if (i == count - 1 && position.Length > 0)
                headers.Add(BlockHeader.PositionName, position);
            var message = new Message<byte[], byte[]>
            {
                Key = KafkaClients.Key(e.UserId),
                Value = buffer.WrittenSpan.ToArray(),
                Timestamp = new Timestamp(new DateTime(e.EventTimeTicks, DateTimeKind.Utc)),
                Headers = headers,
            };
            Produce(target, message, delivery.Report);
        }

        if (!delivery.Wait(_producer, _options.Timeout))
            throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"records to {Topic} [{partition}] were not acknowledged within {_options.Timeout.TotalSeconds:N0} s"));
        if (delivery.Error is { } error)
            throw new KafkaException(error);
        long first = delivery.FirstOffset >= 0 ? delivery.FirstOffset - skip : NextOffset(partition);
        Volatile.Write(ref _nextOffsets[partition], delivery.LastOffset + 1);
        return first;
    }

    private void Produce(TopicPartition target, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>> report)
    {
        while (true)
        {
            try
            {
                _producer.Produce(target, message, report);
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(50)); // let deliveries drain the queue, then try again
            }
        }
    }

    private long NextOffset(int partition)
    {
        long next = Volatile.Read(ref _nextOffsets[partition]);
        return next >= 0 ? next : EndOffset(partition);
    }

    /// <summary>Counts one append's acknowledgements; remembers the first error and the offsets given.</summary>
    private sealed class Delivery(int expected)
    {
        private int _pending = expected;

        public long FirstOffset { get; private set; } = -1;

        public long LastOffset { get; private set; } = -1;

        public Error? Error { get; private set; }

        public void Report(DeliveryReport<byte[], byte[]> report)
        {
            lock (this)
            {
                if (report.Error.IsError)
                    Error ??= report.Error;
                else
                {
                    long offset = report.Offset.Value;
                    FirstOffset = FirstOffset < 0 ? offset : Math.Min(FirstOffset, offset);
                    LastOffset = Math.Max(LastOffset, offset);
                }
            }

            Interlocked.Decrement(ref _pending);
        }

        public bool Wait(IProducer<byte[], byte[]> producer, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (Volatile.Read(ref _pending) > 0)
            {
                if (DateTime.UtcNow > deadline)
                    return false;
                producer.Flush(TimeSpan.FromMilliseconds(100));
            }

            return true;
        }
    }
}
