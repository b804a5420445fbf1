using Confluent.Kafka;
using ShopStream.Core.Log;

namespace ShopStream.Kafka;

/// <summary>
/// Source positions. Kafka has no batch that lands whole or not at all (short of transactions, whose control
/// records would break the log's consecutive offsets), so each record carries its place in its batch and the
/// batch's last record carries the position (<see cref="BlockHeader"/>). With idempotence on, what reaches a
/// partition is always a prefix of what was produced to it, so the tail tells everything: a last record that
/// closes its batch gives that batch's position; one that does not means a crash cut the batch short, and the
/// position is the previous batch's, while the landed records of the cut batch are remembered and skipped when
/// the resumed ingest appends that batch again. Empty batches produce nothing: a partition's position may then
/// be older than the others', which only makes the resumed ingest re-read blocks that hold nothing for it.
/// </summary>
public sealed partial class KafkaEventLog
{
    private readonly BlockHeader?[] _partialBlocks;
    private readonly LookBack?[] _lookedBack;

    public byte[]? LastSourcePosition(int partition)
    {
        CheckPartition(partition);
        var marks = Watermarks(partition);
        long low = marks.Low.Value, high = marks.High.Value;
        if (high <= low)
            return null;
        var last = ReadAt(partition, high - 1);
        var header = BlockHeader.From(last.Message.Headers)
            ?? throw new ForeignTailException($"the last record of {Topic} [{partition}] (offset {high - 1}) was not appended by ShopStream's ingest (another producer's): an ingest cannot resume into it");
        if (header.IsLast)
        {
            _partialBlocks[partition] = null;
            return PositionOf(last);
        }

        _partialBlocks[partition] = header; // a crash cut this batch after record `Index`
        long previous = high - 1 - (header.Index + 1);
        if (previous < low)
            return null;
        var before = ReadAt(partition, previous);
        return BlockHeader.From(before.Message.Headers) is { IsLast: true } ? PositionOf(before) : null;
    }

    public byte[]? LastSourcePositionBeforeOthers(int partition)
    {
        try
        {
            return LastSourcePosition(partition);
        }
        catch (ForeignTailException)
        {
            // Records below the high watermark never change: a look back is kept, and the next reads only what came
            // after it (a run asks at its start and at its end).
            var marks = Watermarks(partition);
            long low = marks.Low.Value, high = marks.High.Value;
            var known = _lookedBack[partition] is { } k && k.High <= high && k.High >= low ? k : null;
            long floor = known?.High ?? low;
            byte[]? found = null;
            // Windows back from the end, each twice as long: another producer's records after the ingest's are
            // usually few; all of them are read only when the ingest wrote none there (or long ago).
            for (long end = high, window = 1024; end > floor && found is null; end -= window, window *= 2)
                found = LastPositionIn(partition, Math.Max(floor, end - window), end);
            found ??= known?.Position;
            _lookedBack[partition] = new LookBack(high, found);
            return found;
        }
    }

    // The position of the last record in [from, to) that closes an ingest's batch; null if none does.
    private byte[]? LastPositionIn(int partition, long from, long to)
    {
        byte[]? found = null;
        ReadFrom(partition, from, record =>
        {
            if (record.Offset.Value >= to)
                return false;
            if (BlockHeader.From(record.Message.Headers) is { IsLast: true } && PositionOf(record) is { } position)
                found = position;
            return record.Offset.Value != to - 1;
        }, $"could not read offsets {from} to {to - 1} of {Topic} [{partition}]: no record came for {_options.Timeout.TotalSeconds:N0} s");
        return found;
    }

    // What a look back past other producers' records found below a high watermark.
    private sealed record LookBack(long High, byte[]? Position);

    /// <summary>Whether the last <see cref="LastSourcePosition"/> of <paramref name="partition"/> found a batch cut short.</summary>
    internal bool FoundCutBatch(int partition) => _partialBlocks[partition] is not null;

    public int AlreadyLanded(int partition, int count, ReadOnlySpan<byte> sourcePosition)
    {
        CheckPartition(partition);
        return count == 0 ? 0 : LandedPrefix(partition, count, BlockHeader.Checksum(sourcePosition));
    }

    /// <summary>How many leading records of a batch about to be appended already landed before a crash; forgotten then.</summary>
    private int TakeLandedPrefix(int partition, int count, uint checksum)
    {
        int landed = LandedPrefix(partition, count, checksum);
        _partialBlocks[partition] = null;
        return landed;
    }

    private int LandedPrefix(int partition, int count, uint checksum) =>
        _partialBlocks[partition] is { } cut && cut.Count == count && cut.PositionChecksum == checksum ? cut.Index + 1 : 0;

    private static byte[]? PositionOf(ConsumeResult<byte[], byte[]> record) =>
        record.Message.Headers is { } h && h.TryGetLastBytes(BlockHeader.PositionName, out var position) ? position : null;

    /// <summary>The record at <paramref name="offset"/>, read with the tail consumer.</summary>
    private ConsumeResult<byte[], byte[]> ReadAt(int partition, long offset)
    {
        ConsumeResult<byte[], byte[]>? found = null;
        ReadFrom(partition, offset, record =>
        {
            if (record.Offset.Value < offset)
                return true;
            found = record;
            return false;
        }, $"could not read offset {offset} of {Topic} [{partition}] within {_options.Timeout.TotalSeconds:N0} s");
        return found!.Offset.Value == offset ? found : throw new InvalidOperationException($"offset {offset} of {Topic} [{partition}] is gone (compacted or deleted)");
    }

    // Reads the partition from `from` with the tail consumer, a record at a time while `more` asks for the next. The
    // time limit is for each record: a long run of records arriving is not a broker that does not answer.
    private void ReadFrom(int partition, long from, Func<ConsumeResult<byte[], byte[]>, bool> more, string timedOut)
    {
        lock (_tailLock)
        {
            var consumer = Tail();
            consumer.Assign(new TopicPartitionOffset(Topic, partition, from));
            try
            {
                var deadline = DateTime.UtcNow + _options.Timeout;
                while (DateTime.UtcNow < deadline)
                {
                    var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                    if (result is null || result.IsPartitionEOF || result.Partition.Value != partition)
                        continue;
                    if (!more(result))
                        return;
                    deadline = DateTime.UtcNow + _options.Timeout;
                }

                throw new KafkaException(new Error(ErrorCode.Local_TimedOut, timedOut));
            }
            finally
            {
                consumer.Unassign();
            }
        }
    }
}
