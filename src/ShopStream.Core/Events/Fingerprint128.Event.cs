using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ShopStream.Core.Events;

/// <summary>An event's fingerprint, the dedup key (checkpoints store it, so its value must never change).</summary>
internal ref partial struct Fingerprint128
{
    private const ulong EventSeed = 0x5155_4F50_5354_5245UL;

    /// <summary>Room for the fixed fields, a category code, a brand and a session text, with margin.</summary>
    private const int BufferWords = 64;

    /// <summary>The fingerprint of every canonical field of <paramref name="e"/> (all but the fingerprint itself).</summary>
    /// <remarks>
    /// Parsing fingerprints every event, so this gathers the words <see cref="OfStreamed"/> feeds one at a time
    /// into a stack buffer and mixes them in one loop over locals: the same value, without a pending-word branch
    /// and state stores per word.
    /// (Locals are not zeroed: every word hashed is written first, so zeroing the buffer would be wasted work.)
    /// </remarks>
    [SkipLocalsInit]
    public static UInt128 Of(in ShopEvent e)
    {
        if (!BitConverter.IsLittleEndian)
            return OfStreamed(e); // the buffer holds text as little-endian words, as Add(ReadOnlySpan<byte>) reads it
        Span<ulong> words = stackalloc ulong[BufferWords];
        words[0] = (ulong)e.EventTimeTicks;
        words[1] = ((ulong)(uint)e.Quantity << 8) | (byte)e.Type;
        words[2] = (ulong)e.UserId;
        words[3] = (ulong)e.ProductId;
        words[4] = (ulong)e.CategoryId;
        (words[5], words[6]) = PriceWords(e.Price);
        var session = MemoryMarshal.Cast<Guid, ulong>(new ReadOnlySpan<Guid>(in e.SessionId));
        words[7] = session[0];
        words[8] = session[1];
        ReadOnlySpan<string?> optional = [e.CategoryCode, e.Brand, e.SessionText, e.SourceEventId, e.OrderId, e.Country, e.UserAgent, e.Ip];
        ulong present = 0;
        for (int i = 0; i < optional.Length; i++)
            present |= optional[i] is null ? 0UL : 1UL << i;
        words[9] = present;
        int count = 10;
        foreach (var value in optional)
        {
            if (value is null)
                continue;
            var bytes = MemoryMarshal.AsBytes(value.AsSpan());
            int textWords = (bytes.Length + 7) / 8;
            if (count + 1 + textWords > BufferWords)
                return OfStreamed(e);
            words[count++] = (ulong)bytes.Length;
            if (textWords > 0)
            {
                words[count + textWords - 1] = 0; // the tail word is zero-padded
                bytes.CopyTo(MemoryMarshal.AsBytes(words.Slice(count, textWords)));
                count += textWords;
            }
        }

        return Hash(EventSeed, words[..count]);
    }

    private static UInt128 Hash(ulong seed, ReadOnlySpan<ulong> words)
    {
        ulong h1 = seed, h2 = seed ^ SecondLane;
        int i = 0;
        for (; i + 1 < words.Length; i += 2)
            Mix(ref h1, ref h2, words[i], words[i + 1]);
        if (i < words.Length)
            Mix(ref h1, ref h2, words[i], 0);
        return Final(h1, h2, (ulong)words.Length * 8);
    }
}
