using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ShopStream.Core.Processing;

/// <summary>
/// A cache hint for lookups in tables much larger than the caches (a run's fingerprints, every user's sessions), which
/// otherwise stall on a memory read at nearly every lookup: the slot is asked for a few lookups before it is used.
/// </summary>
public static class CacheLine
{
    /// <summary>Starts loading the cache line that holds <paramref name="location"/> (only a hint; nothing without SSE).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch<T>(ref T location)
    {
        if (Sse.IsSupported)
            Sse.Prefetch0(Unsafe.AsPointer(ref location)); // not pinned: a prefetch of a moved array's old address is harmless
    }
}
