using ShopStream.Core.Ingest;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Serving;

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
    private volatile ReadCounters _counters = new();
    private long _lateDropped;

    /// <summary>
    /// The ingest's counts as last read, with the records this instance's partitions refused (another producer's,
    /// dead-lettered) counted rejected rather than accepted, as the results count them: one object, made whole before
    /// it is shown. Other instances' refusals are theirs to count.
    /// </summary>
    public ReadCounters Counters => _counters;

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
            {
                var counters = LogProcessor.LogCounters(log, lookPastOthers: false);
                foreach (var host in hosts) // the hosts count on this, the consumer's, thread; owners change in a rebalance
                    counters.Refused(host.RefusedByReason);
                _counters = counters;
            }
        }
        catch (Confluent.Kafka.KafkaException)
        {
            // Kafka did not answer in time: the last figures stand, and the next poll's due time asks again.
        }
    }

    private bool Due(ref long at, TimeSpan every)
    {
        if (at != long.MinValue && time.GetElapsedTime(at) < every)
            return false;
        at = time.GetTimestamp();
        return true;
    }
}
