using ShopStream.Core.Processing;

namespace ShopStream.Core.Tests.Dedup;

public sealed class FlatSetOfFingerprintsTests
{
    [Fact]
    public void Fingerprint_set_agrees_with_a_hash_set_through_growth_and_clear_with_prefetches_between()
    {
        var random = new Random(46);
        var set = new FlatSet<UInt128>();
        var reference = new HashSet<UInt128>();
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 20_000; i++)
            {
                // Few distinct values, so most adds are repeats; the all-zero fingerprint and equal halves included.
                ulong a = (ulong)random.Next(6_000), b = (ulong)random.Next(3);
                var fingerprint = new UInt128(a * b, a);
                set.Prefetch(new UInt128(b, a)); // as the lake does for the next event: a hint that changes nothing
                Assert.Equal(reference.Add(fingerprint), set.Add(fingerprint));
            }

            Assert.Equal(reference.Count, set.Count);
            Assert.True(reference.SetEquals(set.Items()));
            set.Clear();
            reference.Clear();
            Assert.Equal(0, set.Count);
            Assert.Empty(set.Items());
        }
    }

    [Fact]
    public void Presized_fingerprint_set_holds_what_it_was_sized_for()
    {
        var set = new FlatSet<UInt128>(1_000);
        for (ulong i = 0; i < 1_000; i++)
            Assert.True(set.Add(new UInt128(i, ~i)));
        for (ulong i = 0; i < 1_000; i++)
            Assert.False(set.Add(new UInt128(i, ~i)));
        Assert.Equal(1_000, set.Count);
    }

    [Fact]
    public void Presized_fingerprint_set_takes_what_it_was_sized_for_without_allocating()
    {
        // The best of three sets: the runtime may allocate on the thread for its own reasons now and then.
        long allocated = long.MaxValue;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var set = new FlatSet<UInt128>(3_000);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (ulong i = 1; i <= 3_000; i++)
                set.Add(new UInt128(i * 7919, i));
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(3_000, set.Count);
        }

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Pinned_set_keeps_its_array_on_the_pinned_object_heap()
    {
        const int pinnedHeap = 4; // GCMemoryInfo.GenerationInfo's index of the pinned object heap
        // Other classes' pinned sets come and go meanwhile (they run in parallel) and can shrink the heap between the
        // two readings: one of three tries shows the whole growth.
        long grown = 0;
        for (int attempt = 0; attempt < 3 && grown < 4 << 20; attempt++)
        {
            GC.Collect();
            long before = GC.GetGCMemoryInfo().GenerationInfo[pinnedHeap].SizeAfterBytes;
            var set = new FlatSet<UInt128>(100_000, pinned: true); // 262,144 slots of 16 bytes: 4 MiB
            set.Add(UInt128.One);
            GC.Collect();
            grown = GC.GetGCMemoryInfo().GenerationInfo[pinnedHeap].SizeAfterBytes - before;
            Assert.Equal(1, set.Count); // and the set is alive at the second reading
        }

        Assert.True(grown >= 4 << 20, $"pinned object heap grew by {grown} bytes");
    }
}
