using ShopStream.Core.Processing.Dedup;

namespace ShopStream.Core.Tests.Dedup;

/// <summary>A new minute's fingerprint set starts at the size of the minute before, instead of doubling its way there.</summary>
public sealed class DeduplicatorSizingTests
{
    private const int PerMinute = 3_000;

    [Fact]
    public void A_minute_like_the_one_before_allocates_its_set_once()
    {
        var dedup = new Deduplicator(TimeSpan.FromHours(48));
        long t0 = new DateTime(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        AddMinute(dedup, t0, 0);

        // The best of three minutes: the runtime may allocate on the thread for its own reasons now and then (7,120
        // bytes once in CI, HotPathAllocationTests).
        long allocated = long.MaxValue;
        for (int m = 1; m <= 3; m++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            AddMinute(dedup, t0 + m * TimeSpan.TicksPerMinute, m);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        // One array of 4,096 16-byte fingerprints (3,000 at most three quarters full) is 65,560 bytes; doubling
        // from 16 slots allocated twice that. The rest is the set object and the bucket's entries.
        Assert.InRange(allocated, 65_560, 70_000);
        Assert.Equal(4 * PerMinute, dedup.Count);
    }

    private static void AddMinute(Deduplicator dedup, long minute, int salt)
    {
        for (ulong i = 1; i <= PerMinute; i++)
            Assert.False(dedup.IsDuplicate(new UInt128((ulong)salt, i), minute + (long)i, minute));
    }
}
