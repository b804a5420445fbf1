using ShopStream.Core.Ingest;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Serving;
using ShopStream.Core.Validation;

namespace ShopStream.Kafka.Processing;

/// <summary>
/// What a Kafka processor instance reports to its <see cref="LivePipeline"/> beside the state: events processed per
/// poll, and, measured on the consumer's thread at most once a second (they ask the brokers), the owned partitions'
/// lag and the late events dropped; the ingest's counts of records read and rejected every 10 seconds and after each
/// poll that refused records, with the records its partitions refused then. While the
/// brokers are down, or when asking fails, the last figures stand: serving goes on through an outage.
/// </summary>
internal sealed class LiveProgress(LivePipeline live, KafkaEventLog log, TimeProvider time)
{
    private static readonly TimeSpan s_lagEvery = TimeSpan.FromSeconds(1), s_countersEvery = TimeSpan.FromSeconds(10);
    private long _lagAt = long.MinValue, _countersAt = long.MinValue;
    // Read together (one reference): the ingest's counts and the refusals of this instance's partitions up to then.
    private volatile Snapshot _counts = new(new ReadCounters(), new long[RejectReasons.ArrayLength]);
    private long _lateDropped;

    /// <summary>
    /// The ingest's counts as last read, with the records this instance's partitions refused (another producer's,
    /// dead-lettered) counted rejected rather than accepted, as the results count them. Other instances' refusals
    /// are theirs to count.
    /// </summary>
    public ReadCounters Counters
    {
        get
        {
            var counts = _counts;
            var counters = new ReadCounters();
            counters.Restore(counts.Ingest.Accepted, counts.Ingest.RejectedByReason());
            counters.Refused(counts.Refused);
            return counters;
        }
    }

    public long LateDropped => Interlocked.Read(ref _lateDropped);

    /// <param name="brokersDown">Whether the reader has word that no broker answers: nothing is asked of them then.</param>
    public void AfterPoll(int events, int deadLettered, IEnumerable<PartitionHost> hosts, bool brokersDown)
    {
        live.Processed(events);
        if (deadLettered > 0)
            _countersAt = long.MinValue; // read the ingest's counts with the refusals: apart, accepted went below zero
        try
        {
            if (!brokersDown && Due(ref _lagAt, s_lagEvery))
            {
                var owned = hosts.OrderBy(h => h.Partition).ToArray();
                live.ReportLag([.. owned.Select(h => new PartitionLag(h.Partition, Math.Max(0, log.EndOffset(h.Partition) - h.NextOffset)))]);
                Interlocked.Exchange(ref _lateDropped, owned.Sum(h => h.LateDropped));
            }

            if (!brokersDown && Due(ref _countersAt, s_countersEvery))
                _counts = new Snapshot(LogProcessor.IngestCounters(log), Refused(hosts));
        }
        catch (Confluent.Kafka.KafkaException)
        {
            // Kafka did not answer in time: the last figures stand, and the next poll's due time asks again.
        }
    }

    // The owned partitions' refusals by reason (the hosts count on this, the consumer's, thread; owners change in a rebalance).
    private static long[] Refused(IEnumerable<PartitionHost> hosts)
    {
        var refused = new long[RejectReasons.ArrayLength];
        foreach (var host in hosts)
        {
            for (int r = 0; r < refused.Length; r++)
                refused[r] += host.RefusedByReason[r];
        }

        return refused;
    }

    private sealed record Snapshot(ReadCounters Ingest, long[] Refused);

    private bool Due(ref long at, TimeSpan every)
    {
        if (at != long.MinValue && time.GetElapsedTime(at) < every)
            return false;
        at = time.GetTimestamp();
        return true;
    }
}
