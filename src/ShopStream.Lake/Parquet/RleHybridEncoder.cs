using System.Numerics;

namespace ShopStream.Lake.Parquet;

/// <summary>
/// Parquet's RLE / bit-packing hybrid (definition levels, dictionary indices): a run of eight or more equal values is
/// one RLE run (a varint header and the value), anything else bit-packed in groups of eight, LSB first. A bit-packed
/// run stops at a group boundary where a long run of one value starts, so only the last group is ever padded.
/// </summary>
internal static class RleHybridEncoder
{
    // An RLE run this long is worth ending a bit-packed run for (shorter ones stay packed: two headers cost more).
    private const int RunWorthBreaking = 16;

    public static void Encode<T>(ReadOnlySpan<T> values, int bitWidth, ByteBuffer output)
        where T : unmanaged, IBinaryInteger<T>
    {
        int byteWidth = (bitWidth + 7) / 8;
        int i = 0;
        while (i < values.Length)
        {
            int run = RunLength(values, i);
            if (run >= 8)
            {
                output.WriteVarint((ulong)run << 1);
                uint value = uint.CreateTruncating(values[i]);
                for (int b = 0; b < byteWidth; b++)
                    output.WriteByte((byte)(value >> (8 * b)));
                i += run;
                continue;
            }

            int start = i, groups = 0;
            do
            {
                i += 8;
                groups++;
            }
            while (i < values.Length && RunLength(values, i) < RunWorthBreaking);
            output.WriteVarint(((ulong)groups << 1) | 1);
            BitPacking.Pack(values[start..Math.Min(i, values.Length)], groups * 8, bitWidth, output);
        }
    }

    /// <summary>The smallest bit width that holds <paramref name="maxValue"/> (at least 1).</summary>
    public static int BitWidth(int maxValue) => Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)maxValue));

    private static int RunLength<T>(ReadOnlySpan<T> values, int start)
        where T : unmanaged, IBinaryInteger<T>
    {
        var first = values[start];
        int end = start + 1;
        while (end < values.Length && values[end] == first)
            end++;
        return end - start;
    }
}
