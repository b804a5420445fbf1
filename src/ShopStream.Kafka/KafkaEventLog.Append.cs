using System.Buffers;
using System.Text.Json;
using Confluent.Kafka;
using ShopStream.Core.Events;
using ShopStream.Core.Log;
using ShopStream.Kafka.Json;

namespace ShopStream.Kafka;

/// <summary>
/// Appends: a batch becomes records of one partition, each carrying its <see cref="BlockHeader"/>. An append does
/// not wait for its acknowledgements once the partition's next offset is known (one writer per partition and
/// idempotence make offsets predictable): appends to all partitions are in flight together, as with the embedded
/// log's on-close fsync, and <see cref="Flush"/> (or a later append, once too much is in flight) waits for them and
/// throws the first delivery error. A crash loses nothing that the resume logic does not see on the tail.
/// </summary>
public sealed partial class KafkaEventLog
{
    /// <summary>Records in flight before an append waits for the oldest acknowledgements.</summary>
    private const int MaxInFlight = 200_000;

    private readonly long[] _nextOffsets;
    private readonly Queue<Delivery> _inFlight = new();
    private int _inFlightRecords;

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
        lock (_inFlight)
            Settle(0);
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
            KafkaEventJson.Write(writer, e, streamMax);
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
            _producer.ProduceWhenRoom(target, message, delivery.Report);
        }

        lock (_inFlight)
        {
            long predicted = Volatile.Read(ref _nextOffsets[partition]);
            _inFlight.Enqueue(delivery);
            _inFlightRecords += delivery.Expected;
            long first;
            if (predicted >= 0)
            {
                first = predicted - skip;
                delivery.ExpectFirst(predicted);
                Volatile.Write(ref _nextOffsets[partition], predicted + delivery.Expected);
                Settle(MaxInFlight);
            }
            else
            {
                Settle(0); // the partition's first append here: its offsets come from the acknowledgement
                first = delivery.FirstOffset >= 0 ? delivery.FirstOffset - skip : NextOffset(partition);
                Volatile.Write(ref _nextOffsets[partition], delivery.FirstOffset >= 0 ? delivery.LastOffset + 1 : -1);
            }

            return first;
        }
    }

    /// <summary>Waits until at most <paramref name="maxRecords"/> are in flight; throws the first delivery error.</summary>
    private void Settle(int maxRecords)
    {
        while (_inFlight.Count > 0 && (_inFlightRecords > maxRecords || _inFlight.Peek().IsDone))
        {
            var oldest = _inFlight.Peek();
            if (!oldest.Wait(_producer, _options.Timeout))
                throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"records to {Topic} were not acknowledged within {_options.Timeout.TotalSeconds:N0} s"));
            _inFlight.Dequeue();
            _inFlightRecords -= oldest.Expected;
            if (oldest.Error is { } error)
            {
                Array.Fill(_nextOffsets, -1); // what landed is unknown: learn it again from acknowledgements
                throw new KafkaException(error);
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
        private long _expectedFirst = -1;

        public int Expected { get; } = expected;

        public long FirstOffset { get; private set; } = -1;

        public long LastOffset { get; private set; } = -1;

        public Error? Error { get; private set; }

        public bool IsDone => Volatile.Read(ref _pending) == 0;

        /// <summary>The offsets the records must get: anything else means another writer appended to the partition.</summary>
        public void ExpectFirst(long offset)
        {
            lock (this)
            {
                _expectedFirst = offset;
                Check();
            }
        }

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

                if (Interlocked.Decrement(ref _pending) == 0)
                    Check();
            }
        }

        public bool Wait(IProducer<byte[], byte[]> producer, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!IsDone)
            {
                if (DateTime.UtcNow > deadline)
                    return false;
                producer.Poll(TimeSpan.FromMilliseconds(20));
            }

            return true;
        }

        private void Check()
        {
            if (_expectedFirst >= 0 && _pending == 0 && FirstOffset >= 0 && FirstOffset != _expectedFirst)
                Error ??= new Error(ErrorCode.Local_Fail, $"records landed at offset {FirstOffset}, not {_expectedFirst}: another writer appends to this partition");
        }
    }
}
