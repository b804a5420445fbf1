using System.Buffers.Binary;
using System.Numerics;

namespace ShopStream.Lake.Parquet;

/// <summary>
/// Parquet's bit-packing, LSB first, as the RLE / bit-packing hybrid's bit-packed runs and DELTA_BINARY_PACKED's
/// miniblocks both write it: each value's low <c>bitWidth</c> bits (0 to 64) one after another, eight bytes at a time.
/// </summary>
internal static class BitPacking
{
    /// <summary>
    /// Packs <paramref name="count"/> values (a multiple of 8: <paramref name="values"/>, then zeros for the rest),
    /// exactly <c>count * bitWidth / 8</c> bytes.
    /// </summary>
    public static void Pack<T>(ReadOnlySpan<T> values, int count, int bitWidth, ByteBuffer output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (bitWidth == 0)
            return;
        int bytes = count * bitWidth / 8;
        var span = output.GetSpan(bytes);
        ulong accumulator = 0;
        int bits = 0, written = 0;
        for (int i = 0; i < count; i++)
        {
            ulong value = i < values.Length ? ulong.CreateTruncating(values[i]) : 0;
            accumulator |= value << bits;
            int total = bits + bitWidth;
            if (total >= 64)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(span[written..], accumulator);
                written += 8;
                accumulator = bits == 0 ? 0 : value >> (64 - bits);
                bits = total - 64;
            }
            else
            {
                bits = total;
            }
        }

        // count * bitWidth bits is a whole number of bytes: what is left of it is under 8 bytes.
        for (; bits > 0; bits -= 8)
        {
            span[written++] = (byte)accumulator;
            accumulator >>= 8;
        }

        output.Advance(bytes);
    }
}
