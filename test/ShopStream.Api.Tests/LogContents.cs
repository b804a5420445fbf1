using ShopStream.Core.Events;
using ShopStream.Core.Log;
using ShopStream.Core.Processing;

namespace ShopStream.Api.Tests;

/// <summary>Reads back every event in an event log, with the partition it is in.</summary>
internal static class LogContents
{
    public static List<(int Partition, ShopEvent Event)> Read(IEventLog log)
    {
        var events = new List<(int, ShopEvent)>();
        var batch = new LogReadBatch();
        for (int p = 0; p < log.Partitions; p++)
        {
            using var reader = log.OpenReader(p, log.StartOffset(p));
            while (reader.Read(batch) > 0)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    LoggedEvent.Read(batch[i].Payload, out var e, out _);
                    Assert.Equal(p, Partitioner.Of(e.UserId, log.Partitions)); // routed by user, as an ingest routes
                    events.Add((p, e));
                }
            }
        }

        return events;
    }
}
