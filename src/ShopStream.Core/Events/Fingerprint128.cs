using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ShopStream.Core.Events;

/// <summary>
/// Streaming 128-bit hash (MurmurHash3 x64 mixing, every word fed to both lanes). Deterministic across
/// processes and machines, unlike <see cref="HashCode"/>: fingerprints must be stable for replay and dedup.
/// </summary>
internal ref struct Fingerprint128
{
    private const ulong C1 = 0x87c37b91114253d5UL;
    private const ulong C2 = 0x4cf5ad432745937fUL;
    private ulong _h1;
    private ulong _h2;
    private ulong _length;

    public Fingerprint128(ulong seed)
    {
        _h1 = seed;
        _h2 = seed ^ 0x9E3779B97F4A7C15UL;
        _length = 0;
    }

    public void Add(ulong word)
    {
        ulong k1 = BitOperations.RotateLeft(word * C1, 31) * C2;
        _h1 ^= k1;
        _h1 = (BitOperations.RotateLeft(_h1, 27) + _h2) * 5 + 0x52dce729;
        ulong k2 = BitOperations.RotateLeft(word * C2, 33) * C1;
        _h2 ^= k2;
        _h2 = (BitOperations.RotateLeft(_h2, 31) + _h1) * 5 + 0x38495ab5;
        _length += 8;
    }

    public void Add(long value) => Add((ulong)value);

    public void Add(decimal value)
    {
        // Normalise the scale so 1.5 and 1.50 hash alike: they are the same canonical price.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value / 1.000000000000000000000000000000000m, bits);
        Add(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        Add(((ulong)(uint)bits[3] << 32) | (uint)bits[2]);
    }

    /// <summary>Adds a string with its length, so ("ab","c") and ("a","bc") differ; null differs from "".</summary>
    public void Add(string? value)
    {
        if (value is null)
        {
            Add(ulong.MaxValue);
            return;
        }

        Add(MemoryMarshal.AsBytes(value.AsSpan()));
    }

    public void Add(scoped ReadOnlySpan<byte> data)
    {
        Add((ulong)data.Length);
        while (data.Length >= 8)
        {
            Add(BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        if (!data.IsEmpty)
        {
            Span<byte> tail = stackalloc byte[8];
            tail.Clear();
            data.CopyTo(tail);
            Add(BinaryPrimitives.ReadUInt64LittleEndian(tail));
        }
    }

    public readonly UInt128 Finish()
    {
        ulong h1 = _h1 ^ _length, h2 = _h2 ^ _length;
        h1 += h2;
        h2 += h1;
        h1 = Mix(h1);
        h2 = Mix(h2);
        h1 += h2;
        h2 += h1;
        return new UInt128(h1, h2);
    }

    private static ulong Mix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }

    /// <summary>The fingerprint of every canonical field of <paramref name="e"/> (all but the fingerprint itself).</summary>
    public static UInt128 Of(in ShopEvent e)
    {
        var h = new Fingerprint128(0x5155_4F50_5354_5245UL);
        h.Add(e.EventTimeTicks);
        h.Add((ulong)e.Type);
        h.Add(e.UserId);
        h.Add(e.ProductId);
        h.Add(e.CategoryId);
        h.Add(e.Price);
        h.Add(e.Quantity);
        Span<byte> session = stackalloc byte[16];
        e.SessionId.TryWriteBytes(session);
        h.Add(session);
        h.Add(e.CategoryCode);
        h.Add(e.Brand);
        h.Add(e.SessionText);
        h.Add(e.SourceEventId);
        h.Add(e.OrderId);
        h.Add(e.Country);
        h.Add(e.UserAgent);
        h.Add(e.Ip);
        return h.Finish();
    }
}
