using System.Buffers.Binary;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of iSCSI, ext4 and Kafka record batches.
/// Uses the CPU's CRC32 instruction (SSE4.2 on x64, the CRC extension on Arm64) when there is one, else
/// slicing-by-8 tables; both give the same value, so a log written on one machine verifies on any other.
/// (System.IO.Hashing, which has one, is not in the package registry here.)
/// </summary>
internal static class Crc32C
{
    private const uint Polynomial = 0x82F63B78;

    // s_table[k * 256 + b]: the CRC of byte b followed by k zero bytes, for slicing-by-8.
    private static readonly uint[] s_table = CreateTable();

    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues <paramref name="crc"/> (a value this class returned) over more data: Append(Compute(a), b) = Compute(a + b).</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
            return ~UpdateSse42(~crc, data);
        if (Crc32.Arm64.IsSupported)
            return ~UpdateArm64(~crc, data);
        return ~UpdateScalar(~crc, data);
    }

    /// <summary>The table-driven computation, whatever the CPU (for tests that compare it with the instruction).</summary>
    public static uint ComputeScalar(ReadOnlySpan<byte> data) => ~UpdateScalar(~0u, data);

    private static uint UpdateSse42(uint state, ReadOnlySpan<byte> data)
    {
        ulong wide = state;
        while (data.Length >= 8)
        {
            wide = Sse42.X64.Crc32(wide, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        state = (uint)wide;
        foreach (byte b in data)
            state = Sse42.Crc32(state, b);
        return state;
    }

    private static uint UpdateArm64(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            state = Crc32.Arm64.ComputeCrc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (byte b in data)
            state = Crc32.ComputeCrc32C(state, b);
        return state;
    }

    private static uint UpdateScalar(uint state, ReadOnlySpan<byte> data)
    {
        var t = s_table;
        while (data.Length >= 8)
        {
            uint lo = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ state;
            uint hi = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            state = t[(7 * 256) + (lo & 0xFF)] ^ t[(6 * 256) + ((lo >> 8) & 0xFF)] ^ t[(5 * 256) + ((lo >> 16) & 0xFF)] ^ t[(4 * 256) + (lo >> 24)]
                  ^ t[(3 * 256) + (hi & 0xFF)] ^ t[(2 * 256) + ((hi >> 8) & 0xFF)] ^ t[256 + ((hi >> 16) & 0xFF)] ^ t[hi >> 24];
            data = data[8..];
        }

        foreach (byte b in data)
            state = t[(state ^ b) & 0xFF] ^ (state >> 8);
        return state;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[8 * 256];
        for (uint b = 0; b < 256; b++)
        {
            uint crc = b;
            for (int bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ Polynomial : crc >> 1;
            table[b] = crc;
        }

        for (int k = 1; k < 8; k++)
        {
            for (int b = 0; b < 256; b++)
            {
                uint previous = table[((k - 1) * 256) + b];
                table[(k * 256) + b] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }
}
