using ShopStream.Benchmarks.Cli;
using ShopStream.Core.Events;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Dedup;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Benchmarks.EndToEnd;

/// <summary>
/// <c>state-cost [--users N]</c>: the heap bytes each kind of stream state costs, measured as the live heap
/// (after a full collection) before and after adding N of them: a new user through a whole partition (profile,
/// open session, dedup fingerprint, window panes), a user's profile state alone, a dedup fingerprint, a closed
/// session record. What the memory of a run is made of, and what spilling takes out of memory.
/// </summary>
internal static class StateCostCommand
{
    private static readonly DateTime s_t0 = new(2019, 10, 1, 12, 0, 0, DateTimeKind.Utc);

    public static int Run(Args args)
    {
        int n = args.Int("--users", 500_000);
        args.ThrowIfUnknown();
        var events = new ShopEvent[n];
        var watermarks = new long[n];
        for (int i = 0; i < n; i++)
        {
            events[i] = new ShopEvent
            {
                EventTimeTicks = s_t0.Ticks + i * TimeSpan.TicksPerMillisecond,
                UserId = 1_000_000 + i,
                ProductId = i % 20_000,
                Type = EventType.View,
                CategoryCode = "electronics.smartphone",
                Brand = "acme",
                Price = 10m,
                Quantity = 1,
                Fingerprint = (UInt128)i * 7919,
            };
            watermarks[i] = s_t0.Ticks - TimeSpan.TicksPerMinute;
        }

        Report("closed session record (list, as grown)", n, () =>
        {
            var closed = new List<SessionRecord>();
            foreach (ref readonly var e in events.AsSpan())
                closed.Add(new SessionRecord(e.UserId, e.EventTime, e.EventTime, 1, 1, 0, 0, 0m));
            return closed;
        });
        Report("new user through a partition (1 view)", n, () =>
        {
            var partition = new PartitionProcessor(new PipelineOptions { Partitions = 1 });
            partition.Process(events, watermarks);
            return partition;
        });
        Report("profile state alone (UserState in the user table, with its index entry)", n, () =>
        {
            var users = new UserTable();
            foreach (ref readonly var e in events.AsSpan())
                users.GetOrAdd(e.UserId, out _).Add(e);
            return users;
        });
        Report("dedup fingerprint", n, () =>
        {
            var dedup = new Deduplicator(TimeSpan.FromHours(48));
            foreach (ref readonly var e in events.AsSpan())
                dedup.IsDuplicate(e.Fingerprint, e.EventTimeTicks, long.MinValue); // nothing beyond the horizon: every event is held
            return dedup;
        });
        return 0;
    }

    private static void Report(string what, int n, Func<object> build)
    {
        long before = LiveHeap();
        var state = build();
        long after = LiveHeap();
        Console.WriteLine($"{what,-55} {(after - before) / (double)n,8:N1} B each");
        GC.KeepAlive(state);
    }

    // A compacting full collection, so the large object heap's free space (the grown lists' old arrays) is not counted.
    private static long LiveHeap()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }
}
