using ShopStream.Core.Checkpoints;
using ShopStream.Core.Events;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Core.Tests.Checkpoints;

/// <summary>
/// A partition writes its users into a checkpoint in id order: restoring inserts them into an index that grows from
/// empty, where ids in a larger index's own order pile up in long probe runs (minutes for a few million users).
/// </summary>
public sealed class PartitionUserOrderTests
{
    [Fact]
    public void Users_are_saved_in_id_order_whatever_order_they_came_in()
    {
        var random = new Random(46);
        var ids = Enumerable.Range(0, 20_000).Select(_ => 500_000_000L + random.Next(0, 50_000_000)).Distinct().ToArray();
        var partition = new PartitionProcessor(new PipelineOptions { Analytics = false });
        var t0 = new DateTime(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var events = ids.Select((id, i) => new ShopEvent
        {
            EventTimeTicks = t0 + i * TimeSpan.TicksPerSecond,
            UserId = id,
            ProductId = 1,
            Type = EventType.View,
            Quantity = 1,
            Fingerprint = new UInt128((ulong)id, (ulong)i),
        }).ToArray();
        partition.Process(events, events.Select(_ => long.MinValue).ToArray());

        var state = new MemoryStream();
        var w = new StateWriter(state);
        partition.Save(w);
        w.Flush();
        state.Position = 0;
        var r = new StateReader(state);
        Assert.False(r.ReadBool()); // no spill
        r.ReadLong(); // watermark
        r.ReadLong(); // duplicates
        r.ReadLong(); // late
        int types = r.ReadCount();
        for (int t = 0; t < types; t++)
            r.ReadLong();
        int users = r.ReadCount();
        var saved = Enumerable.Range(0, users).Select(_ => UserState.Restore(r).UserId).ToArray();

        Assert.Equal(ids.Order(), saved);
    }
}
