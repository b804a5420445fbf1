namespace ShopStream.Core.Processing;

/// <summary>Which partition owns a user: a fixed 64-bit mix of the id, so the assignment is the same everywhere.</summary>
public static class Partitioner
{
    public static int Of(long userId, int partitions)
    {
        ulong x = (ulong)userId;
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return (int)(x % (uint)partitions);
    }
}
