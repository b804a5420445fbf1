using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ShopStream.Core.Events;

/// <summary>
/// Streaming 128-bit hash (MurmurHash3 x64 mixing, every word fed to both lanes). Deterministic across
/// processes and machines, unlike <see cref="HashCode"/>: fingerprints must be stable for replay and dedup.
/// </summary>
internal ref partial struct Fingerprint128
{
    private const ulong C1 = 0x87c37b91114253d5UL;
    private const ulong C2 = 0x4cf5ad432745937fUL;
    private const ulong SecondLane = 0x9E3779B97F4A7C15UL;
    private ulong _h1;
    private ulong _h2;
    private ulong _pending;
    private bool _hasPending;
    private ulong _length;

    public Fingerprint128(ulong seed)
    {
        _h1 = seed;
        _h2 = seed ^ SecondLane;
        _pending = 0;
        _hasPending = false;
        _length = 0;
    }

    /// <summary>Adds one 64-bit word; words are mixed in pairs, one into each lane, as MurmurHash3 x64 does.</summary>
    public void Add(ulong word)
    {
        _length += 8;
        if (!_hasPending)
        {
            _pending = word;
            _hasPending = true;
            return;
        }

        _hasPending = false;
        Mix(_pending, word);
    }

    private void Mix(ulong k1, ulong k2) => Mix(ref _h1, ref _h2, k1, k2);

    private static void Mix(ref ulong h1, ref ulong h2, ulong k1, ulong k2)
    {
        h1 ^= BitOperations.RotateLeft(k1 * C1, 31) * C2;
        h1 = (BitOperations.RotateLeft(h1, 27) + h2) * 5 + 0x52dce729;
        h2 ^= BitOperations.RotateLeft(k2 * C2, 33) * C1;
        h2 = (BitOperations.RotateLeft(h2, 31) + h1) * 5 + 0x38495ab5;
    }

    public void Add(long value) => Add((ulong)value);

    public void Add(decimal value)
    {
        var (low, scaled) = PriceWords(value);
        Add(low);
        Add(scaled);
    }

    private static (ulong Low, ulong Scaled) PriceWords(decimal value)
    {
        // Normalise the scale so 1.5 and 1.50 hash alike: they are the same canonical price. Integer steps,
        // not decimal division: prices rarely carry trailing zeros, so the loop usually does not run.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        ulong low = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        uint high = (uint)bits[2];
        int scale = (bits[3] >> 16) & 0xFF;
        if (high == 0)
        {
            while (scale > 0 && low % 10 == 0 && low != 0)
            {
                low /= 10;
                scale--;
            }
        }
        else
        {
            var wide = new UInt128(high, low);
            while (scale > 0 && wide % 10 == 0)
            {
                wide /= 10;
                scale--;
            }

            (high, low) = ((uint)(wide >> 64), (ulong)wide);
        }

        if (low == 0 && high == 0)
            scale = 0; // 0, 0.0 and -0.00 are one price
        bool negative = bits[3] < 0 && (low | high) != 0;
        return (low, ((ulong)high << 16) | ((ulong)scale << 1) | (negative ? 1UL : 0UL));
    }

    /// <summary>Adds a string's UTF-16 content with its length, so ("ab","c") and ("a","bc") differ.</summary>
    public void Add(string value) => Add(MemoryMarshal.AsBytes(value.AsSpan()));

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
            // Little-endian tail, zero-padded to a word.
            ulong tail = 0;
            for (int i = data.Length - 1; i >= 0; i--)
                tail = (tail << 8) | data[i];
            Add(tail);
        }
    }

    public UInt128 Finish()
    {
        if (_hasPending)
        {
            _hasPending = false;
            Mix(_pending, 0);
        }

        return Final(_h1, _h2, _length);
    }

    private static UInt128 Final(ulong h1, ulong h2, ulong length)
    {
        h1 ^= length;
        h2 ^= length;
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

    /// <summary>
    /// <see cref="Of"/> word by word through <see cref="Add(ulong)"/>: the definition the buffered
    /// <see cref="Of"/> must equal, and its path for events whose text does not fit its buffer.
    /// </summary>
    internal static UInt128 OfStreamed(in ShopEvent e)
    {
        var h = new Fingerprint128(EventSeed);
        h.Add(e.EventTimeTicks);
        h.Add(((ulong)(uint)e.Quantity << 8) | (byte)e.Type);
        h.Add(e.UserId);
        h.Add(e.ProductId);
        h.Add(e.CategoryId);
        h.Add(e.Price);
        var session = MemoryMarshal.Cast<Guid, ulong>(new ReadOnlySpan<Guid>(in e.SessionId));
        h.Add(session[0]);
        h.Add(session[1]);
        // Optional strings: one word says which are present, then only those are hashed (most are absent).
        // (A span collection expression lives on the stack: no allocation per event.)
        ReadOnlySpan<string?> optional = [e.CategoryCode, e.Brand, e.SessionText, e.SourceEventId, e.OrderId, e.Country, e.UserAgent, e.Ip];
        ulong present = 0;
        for (int i = 0; i < optional.Length; i++)
            present |= optional[i] is null ? 0UL : 1UL << i;
        h.Add(present);
        foreach (var value in optional)
        {
            if (value is not null)
                h.Add(value);
        }

        return h.Finish();
    }
}
