using System.Numerics;

namespace ShopStream.Lake.Parquet;

/// <summary>
/// Parquet's DELTA_BINARY_PACKED encoding of INT32 and INT64 values: the first value, then blocks of 128 deltas from
/// the previous value, each block's deltas less its smallest one, bit-packed (LSB first) in four miniblocks of 32 at
/// the miniblock's own width. Times in about time order, line numbers, a run's constant ingest time and small counts
/// take a few bits a value instead of eight bytes, and so zstd gets a few bytes to compress (zstd level 1 takes
/// about as long on eight-byte integers as on text, while it passes near-random bit-packed bytes through at several
/// times the speed). Deltas wrap around in the values' own width, as the format says, so any values encode.
/// </summary>
internal static class DeltaBinaryPacked
{
    private const int BlockSize = 128;
    private const int MiniblocksPerBlock = 4;
    private const int MiniblockSize = BlockSize / MiniblocksPerBlock;

    /// <summary>Encodes INT64 values (<paramref name="width"/> 64) or sign-extended INT32 ones (32): deltas wrap at that width.</summary>
    public static void Encode(ReadOnlySpan<long> values, int width, ByteBuffer output)
    {
        output.WriteVarint(BlockSize);
        output.WriteVarint(MiniblocksPerBlock);
        output.WriteVarint((ulong)values.Length);
        output.WriteVarint(ZigZag(values.IsEmpty ? 0 : values[0]));
        Span<long> deltas = stackalloc long[BlockSize];
        for (int start = 1; start < values.Length; start += BlockSize)
        {
            int count = Math.Min(BlockSize, values.Length - start);
            long min = long.MaxValue;
            for (int i = 0; i < count; i++)
            {
                long delta = Wrap(values[start + i] - values[start + i - 1], width);
                deltas[i] = delta;
                min = Math.Min(min, delta);
            }

            output.WriteVarint(ZigZag(min));
            WriteBlock(deltas[..count], min, width, output);
        }
    }

    // A block's four bit widths, then the miniblocks that hold deltas (the last one zero-padded to 32 values).
    private static void WriteBlock(Span<long> deltas, long min, int width, ByteBuffer output)
    {
        ulong mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        Span<byte> widths = stackalloc byte[MiniblocksPerBlock];
        int miniblocks = (deltas.Length + MiniblockSize - 1) / MiniblockSize;
        for (int m = 0; m < MiniblocksPerBlock; m++)
        {
            ulong max = 0;
            if (m < miniblocks)
            {
                var mini = deltas.Slice(m * MiniblockSize, Math.Min(MiniblockSize, deltas.Length - m * MiniblockSize));
                for (int i = 0; i < mini.Length; i++)
                {
                    // Relative to the block's minimum, in the values' width: never negative.
                    ulong relative = (ulong)(mini[i] - min) & mask;
                    mini[i] = (long)relative;
                    max |= relative;
                }
            }

            widths[m] = (byte)(64 - BitOperations.LeadingZeroCount(max));
        }

        output.Write(widths);
        for (int m = 0; m < miniblocks; m++)
        {
            int from = m * MiniblockSize;
            BitPacking.Pack<long>(deltas[from..Math.Min(from + MiniblockSize, deltas.Length)], MiniblockSize, widths[m], output);
        }
    }

    private static long Wrap(long delta, int width) => width == 64 ? delta : (int)delta;

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
}
