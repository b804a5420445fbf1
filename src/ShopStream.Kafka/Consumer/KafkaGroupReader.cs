using System.Globalization;
using System.Text;
using Confluent.Kafka;
using ShopStream.Core.Log;
using ShopStream.Core.Validation;
using ShopStream.Kafka.Json;

namespace ShopStream.Kafka.Consumer;

/// <summary>
/// A processor instance's view of the events topic: a member of a consumer group that owns whatever partitions the
/// group assigns it, polls events in batches, and commits offsets only when told (never by itself). A record that
/// is not a ShopStream event (bad JSON, unknown schema, too large) is produced to the dead-letter topic with the
/// reason and its origin in headers, and reading goes on: a poison message never stalls the group. One thread
/// polls; the rebalance callbacks run on it, inside <see cref="Poll"/>. Built by <see cref="KafkaGroupReaderBuilder"/>.
/// </summary>
public sealed class KafkaGroupReader : IDisposable
{
    /// <summary>Header names on a dead-lettered record.</summary>
    public const string ReasonHeader = "dlq.reason", TopicHeader = "dlq.topic", PartitionHeader = "dlq.partition", OffsetHeader = "dlq.offset";

    private readonly KafkaLogOptions _options;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly IProducer<byte[], byte[]> _deadLetters;
    private readonly Func<IReadOnlyList<int>, IReadOnlyList<PartitionOffset>>? _assigned;
    private readonly Action<IReadOnlyList<int>>? _revoked;
    private readonly Action<IReadOnlyList<int>>? _lost;
    private readonly HashSet<int> _owned = [];
    private readonly HashSet<int> _revokedDuringPoll = [];
    private Error? _deadLetterError;
    private bool _closed;

    // A commit BoundedCall gave up on, still inside librdkafka: no other commit is made until it returns (each would
    // block as long, and could reach Kafka before it), nor is the consumer destroyed under it.
    private Task? _stuckCommit;

    internal KafkaGroupReader(
        KafkaLogOptions options, string group, Func<IReadOnlyList<int>, IReadOnlyList<PartitionOffset>>? assigned, Action<IReadOnlyList<int>>? revoked, Action<IReadOnlyList<int>>? lost)
    {
        _options = options;
        _assigned = assigned;
        _revoked = revoked;
        _lost = lost;
        Group = group;
        _deadLetters = KafkaClients.NewProducer(options);
        _consumer = KafkaClients.NewConsumer(options, group)
            .SetPartitionsAssignedHandler((_, partitions) => Assigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => Released(partitions, _revoked))
            .SetPartitionsLostHandler((_, partitions) =>
            {
                Released(partitions, _lost);
                return [];
            })
            .SetErrorHandler((_, error) =>
            {
                if (error.Code == ErrorCode.Local_AllBrokersDown)
                    BrokersDown = error.Reason;
            })
            .Build();
        _consumer.Subscribe(options.Topics.Events);
    }

    public string Group { get; }

    /// <summary>The partitions this instance owns now, in order.</summary>
    public IReadOnlyList<int> Assignment => [.. _owned.Order()];

    /// <summary>Why Kafka refused the last commit that <see cref="Commit"/> returned false for.</summary>
    public string? LastCommitRefusal { get; private set; }

    /// <summary>
    /// librdkafka's word that no broker of the cluster answers ("3/3 brokers are down"), from a poll since the last
    /// record, assignment or commit Kafka took; null when none came. The reader goes on polling: librdkafka
    /// reconnects by itself.
    /// </summary>
    public string? BrokersDown { get; private set; }

    /// <summary>Records sent to the dead-letter topic since this reader started.</summary>
    public long DeadLettered { get; private set; }

    /// <summary>
    /// Fills <paramref name="batch"/> with up to its capacity of events, waiting at most <paramref name="wait"/>
    /// for the first. Returns the events read (0 when none came in time); dead-lettered records are counted in
    /// <see cref="ConsumedEvents.DeadLettered"/> and covered by <see cref="ConsumedEvents.NextOffsets"/>.
    /// </summary>
    public int Poll(ConsumedEvents batch, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_closed, this);
        batch.Clear();
        _revokedDuringPoll.Clear();
        var deadline = DateTime.UtcNow + wait;
        while (!batch.IsFull)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var left = batch.Count + batch.DeadLettered == 0 ? deadline - DateTime.UtcNow : TimeSpan.Zero;
            var result = _consumer.Consume(left > TimeSpan.Zero ? Min(left, TimeSpan.FromMilliseconds(100)) : TimeSpan.Zero);
            if (result is null)
            {
                if (batch.Count + batch.DeadLettered > 0 || DateTime.UtcNow >= deadline)
                    break;
                continue;
            }

            if (result.IsPartitionEOF)
                continue;
            Take(batch, result);
        }

        if (_revokedDuringPoll.Count > 0)
            batch.Drop(_revokedDuringPoll);
        if (batch.DeadLettered > 0)
            FlushDeadLetters();
        return batch.Count;
    }

    /// <summary>
    /// Commits <paramref name="offsets"/> (next offsets to read) for this group, synchronously: call it only once
    /// the state that covers them is durable. Returns false when Kafka refuses because the group is rebalancing
    /// (or this member's generation is over), or cannot take it now (no coordinator, brokers down, no answer within
    /// the Kafka timeout, <see cref="LastCommitRefusal"/> says which): the partitions' next owner then starts from
    /// the previous commit, or from wherever its <see cref="KafkaGroupReaderBuilder.OnAssigned"/> says (a
    /// checkpoint's offsets). Other failures throw <see cref="KafkaException"/>.
    /// </summary>
    public bool Commit(IReadOnlyList<PartitionOffset> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        if (offsets.Count == 0)
            return true;
        if (_stuckCommit is { IsCompleted: false })
        {
            LastCommitRefusal = "an earlier commit is still waiting for Kafka";
            return false;
        }

        var list = offsets.Select(o => new TopicPartitionOffset(_options.Topics.Events, o.Partition, o.Offset)).ToList();
        try
        {
            var limit = _options.Timeout + BoundedCall.Grace;
            if (!BoundedCall.TryRun(() => _consumer.Commit(list), limit, out var running))
            {
                _stuckCommit = running;
                LastCommitRefusal = $"no answer from Kafka for group {Group}'s commit within {limit.TotalSeconds:N0} s";
                return false;
            }

            BrokersDown = null; // Kafka answered
            return true;
        }
        catch (KafkaException ex) when (ex.Error.Code is ErrorCode.RebalanceInProgress or ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId
            or ErrorCode.Local_State or ErrorCode.Local_WaitCoord or ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown or ErrorCode.Local_TimedOut
            or ErrorCode.RequestTimedOut or ErrorCode.GroupCoordinatorNotAvailable or ErrorCode.NotCoordinatorForGroup)
        {
            LastCommitRefusal = ex.Error.Reason;
            return false;
        }
    }

    /// <summary>True when leaving the group did not finish in time (see <see cref="Dispose"/>).</summary>
    public bool CloseAbandoned { get; private set; }

    /// <summary>
    /// Leaves the group (its partitions go to the other instances at once) and closes the clients. librdkafka's
    /// close can block forever when the group is mid-rebalance (seen with a member killed while another joined), so
    /// it is given the session timeout plus 10 s; past that it is abandoned (<see cref="BoundedCall"/>) and the
    /// group evicts this member when its session times out. Callers checkpoint and commit before disposing, so
    /// nothing depends on that close.
    /// </summary>
    public void Dispose()
    {
        if (_closed)
            return;
        _closed = true;
        try
        {
            // A commit still stuck inside the consumer: closing would wait for it too, and destroying it under the
            // commit is not safe; it is left to the process's exit as an abandoned close is.
            bool abandoned = _stuckCommit is { IsCompleted: false };
            try
            {
                abandoned = abandoned || !BoundedCall.TryRun(_consumer.Close, _options.SessionTimeout + TimeSpan.FromSeconds(10), out _);
            }
            finally
            {
                // A close that returned, with an error or not, leaves a consumer to destroy; one still running does not.
                if (abandoned)
                    CloseAbandoned = true;
                else
                    _consumer.Dispose();
            }
        }
        finally
        {
            _deadLetters.Flush(_options.Timeout);
            _deadLetters.Dispose();
        }
    }

    private void Take(ConsumedEvents batch, ConsumeResult<byte[], byte[]> result)
    {
        BrokersDown = null;
        int partition = result.Partition.Value;
        long offset = result.Offset.Value;
        var value = result.Message.Value;
        // The reason a record is refused for, in the results' counts: json for anything that is not a ShopStream
        // event (no value, not JSON, another schema), as for a JSON line that is not one.
        var (code, reason) = value is null ? (RejectReason.Json, "empty: the record has no value")
            : value.Length > _options.MaxValueBytes ? (RejectReason.TooLarge, $"too_large: {value.Length} bytes, over the {_options.MaxValueBytes}-byte limit")
            : (RejectReason.None, null);
        if (reason is null)
        {
            ref var e = ref batch.Add(partition, offset, 0);
            try
            {
                KafkaEventJson.Read(value, out e, out long streamMax);
                batch.SetStreamMax(streamMax);
                if (ForeignEvents.Refusal(in e) is { } refused)
                    (code, reason) = refused;
            }
            catch (LogFormatException ex)
            {
                // SPEC's name first where the record is an event with a bad value, as ForeignEvents words them.
                (code, reason) = (ex.Reason, ex.Reason == RejectReason.Json ? ex.Message : $"{RejectReasons.Name(ex.Reason)}: {ex.Message}");
            }

            if (reason is null)
                return;
            batch.RemoveLast();
        }

        DeadLetter(result, reason);
        batch.Skip(partition, offset, code);
    }

    private void DeadLetter(ConsumeResult<byte[], byte[]> result, string reason)
    {
        var headers = new Headers();
        foreach (var h in result.Message.Headers ?? [])
            headers.Add(h.Key, h.GetValueBytes());
        headers.Add(ReasonHeader, Encoding.UTF8.GetBytes(reason));
        headers.Add(TopicHeader, Encoding.UTF8.GetBytes(result.Topic));
        headers.Add(PartitionHeader, Encoding.UTF8.GetBytes(result.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(OffsetHeader, Encoding.UTF8.GetBytes(result.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        var message = new Message<byte[], byte[]> { Key = result.Message.Key, Value = result.Message.Value, Headers = headers, Timestamp = result.Message.Timestamp };
        _deadLetters.ProduceWhenRoom(new TopicPartition(_options.Topics.DeadLetters, Partition.Any), message, report =>
        {
            if (report.Error.IsError)
                _deadLetterError ??= report.Error;
        });
        DeadLettered++;
    }

    // Before the offsets past a dead-lettered record can be committed, the record must be safe in the DLQ.
    private void FlushDeadLetters()
    {
        _deadLetters.FlushAll(_options.Timeout, $"dead letters to {_options.Topics.DeadLetters}");
        if (_deadLetterError is { } error)
            throw new KafkaException(error);
    }

    private IEnumerable<TopicPartitionOffset> Assigned(List<TopicPartition> partitions)
    {
        BrokersDown = null;
        var ids = partitions.Select(p => p.Partition.Value).Order().ToList();
        foreach (int p in ids)
            _owned.Add(p);
        var starts = _assigned?.Invoke(ids) ?? [];
        var from = starts.ToDictionary(s => s.Partition, s => s.Offset);
        return partitions.Select(tp => new TopicPartitionOffset(tp, from.TryGetValue(tp.Partition.Value, out long o) ? new Offset(o) : Offset.Unset));
    }

    // Partitions revoked or lost: the handler is told, and the poll in progress drops what it read of them.
    private void Released(List<TopicPartitionOffset> partitions, Action<IReadOnlyList<int>>? handler)
    {
        if (CloseAbandoned)
            return; // an abandoned close woke up: the caller has moved on and owns its state again
        var ids = partitions.Select(p => p.Partition.Value).Order().ToList();
        handler?.Invoke(ids);
        foreach (int p in ids)
        {
            _owned.Remove(p);
            _revokedDuringPoll.Add(p);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
