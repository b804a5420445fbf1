using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace ShopStream.Generator.Output;

/// <summary>
/// Byte strings rendered once (per product, per event type) and copied per event. Entries sit at a fixed stride
/// (a multiple of 64 bytes, length first), so copying one touches one or two adjacent cache lines and no index:
/// with a long tail of products, the cache misses are what a row costs.
/// </summary>
internal sealed class ByteTable
{
    private readonly byte[] _data;
    private readonly int _stride;

    public ByteTable(int count, Func<int, string> render)
    {
        var entries = new byte[count][];
        for (int i = 0; i < count; i++)
            entries[i] = Encoding.UTF8.GetBytes(render(i));
        MaxLength = entries.Select(e => e.Length).DefaultIfEmpty(0).Max();
        _stride = (MaxLength + 2 + SmallCopy.Slack + 63) & ~63;
        _data = new byte[(long)count * _stride <= Array.MaxLength ? count * _stride : throw new ArgumentException("catalogue too large")];
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(_data.AsSpan(i * _stride), (ushort)entries[i].Length);
            entries[i].CopyTo(_data, (i * _stride) + 2);
        }
    }

    public int MaxLength { get; }

    public ReadOnlySpan<byte> this[int index] =>
        _data.AsSpan((index * _stride) + 2, BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(index * _stride)));

    /// <summary>Asks the CPU to fetch entry <paramref name="index"/> into the cache ahead of its use (a hint; a no-op without SSE).</summary>
    public unsafe void Prefetch(int index)
    {
        if (Sse.IsSupported)
            Sse.Prefetch0(Unsafe.AsPointer(ref _data[index * _stride]));
    }

    /// <summary>Copies entry <paramref name="index"/> to <paramref name="dest"/> (which needs <see cref="SmallCopy.Slack"/> spare bytes).</summary>
    public int CopyTo(int index, Span<byte> dest)
    {
        var entry = _data.AsSpan(index * _stride, _stride);
        int length = BinaryPrimitives.ReadUInt16LittleEndian(entry);
        return SmallCopy.Copy(entry.Slice(2, length), _stride - 2 - length, dest);
    }
}
