using System.Buffers;
using System.Text.Json;
using Confluent.Kafka;
using ShopStream.Core.Inventory;
using ShopStream.Core.Text;
using ShopStream.Core.Validation;

namespace ShopStream.Kafka.Inventory;

/// <summary>
/// A write-only stream of inventory JSON lines (what <c>shopstream generate --inventory</c> writes) that publishes
/// each valid line to the inventory topic as <see cref="StockChangeJson"/>, keyed by product id (so a product's
/// changes keep their order), with <c>acks=all</c> and idempotence. Invalid lines are counted, not published.
/// <see cref="Dispose(bool)"/> waits for every acknowledgement. Lines are limited to 64 KiB.
/// </summary>
public sealed class KafkaInventoryStream : Stream
{
    private const int MaxLine = 64 * 1024;

    private readonly KafkaLogOptions _options;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly StockChangeParser _parser = new(new StringPool());
    private readonly ArrayBufferWriter<byte> _json = new(256);
    private readonly Utf8JsonWriter _writer;
    private readonly byte[] _line = new byte[MaxLine];
    private int _length;
    private bool _overlong;
    private Error? _error;

    public KafkaInventoryStream(KafkaLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        // Java clients' partitioner, so a product's changes land where any other producer keyed by product_id puts them.
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig(KafkaClients.Producer(options)) { Partitioner = Partitioner.Murmur2Random })
            .SetLogHandler((_, m) => options.Log?.Invoke($"librdkafka {m.Level} {m.Facility}: {m.Message}"))
            .Build();
        _writer = new Utf8JsonWriter(_json, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>Stock changes published.</summary>
    public long Published { get; private set; }

    /// <summary>Lines that were not valid stock changes (or over 64 KiB), left out.</summary>
    public long Rejected { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int newline = buffer.IndexOf((byte)'\n');
            var part = newline < 0 ? buffer : buffer[..newline];
            if (_length + part.Length > MaxLine)
                _overlong = true;
            else
                part.CopyTo(_line.AsSpan(_length));
            _length = _overlong ? 0 : _length + part.Length;
            if (newline < 0)
                return;
            EndLine();
            buffer = buffer[(newline + 1)..];
        }
    }

    public override void Flush()
    {
        _producer.FlushAll(_options.Timeout, $"stock changes to {_options.Topics.Inventory}");
        if (_error is { } error)
            throw new KafkaException(error);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                if (_length > 0)
                    EndLine();
                Flush();
            }
            finally
            {
                _writer.Dispose();
                _producer.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private void EndLine()
    {
        var line = _line.AsSpan(0, _length);
        bool overlong = _overlong;
        _length = 0;
        _overlong = false;
        if (line.Trim((byte)'\r').IsEmpty && !overlong)
            return;
        if (overlong || _parser.Parse(line, out var change) != RejectReason.None)
        {
            Rejected++;
            return;
        }

        _json.ResetWrittenCount();
        _writer.Reset();
        StockChangeJson.Write(_writer, change);
        var message = new Message<byte[], byte[]>
        {
            Key = KafkaClients.Key(change.ProductId),
            Value = _json.WrittenSpan.ToArray(),
            Timestamp = new Timestamp(new DateTime(change.TimeTicks, DateTimeKind.Utc)),
        };
        _producer.ProduceWhenRoom(new TopicPartition(_options.Topics.Inventory, Partition.Any), message, r => _error ??= r.Error.IsError ? r.Error : null);

        Published++;
    }
}
