using System.Buffers.Text;

namespace ShopStream.Generator.Output;

/// <summary>Span formatting helpers: integers, money in cents, UUIDs, IPv4 addresses, cached date-times.</summary>
internal static class Utf8Text
{
    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    public static int Int(Span<byte> dest, long value)
    {
        Utf8Formatter.TryFormat(value, dest, out int n);
        return n;
    }

    /// <summary>Cents as a decimal with two places (<c>-12.05</c>).</summary>
    public static int Money(Span<byte> dest, long cents)
    {
        int n = 0;
        if (cents < 0)
        {
            dest[n++] = (byte)'-';
            cents = -cents;
        }

        n += Int(dest[n..], cents / 100);
        long c = cents % 100;
        dest[n] = (byte)'.';
        dest[n + 1] = (byte)('0' + (c / 10));
        dest[n + 2] = (byte)('0' + (c % 10));
        return n + 3;
    }

    /// <summary>A UUID (version 4 layout) from 128 random bits: 36 bytes.</summary>
    public static int Uuid(Span<byte> dest, ulong hi, ulong lo)
    {
        hi = (hi & 0xFFFF_FFFF_FFFF_0FFFUL) | 0x0000_0000_0000_4000UL;
        lo = (lo & 0x3FFF_FFFF_FFFF_FFFFUL) | 0x8000_0000_0000_0000UL;
        Hex8(dest, (uint)(hi >> 32));
        dest[8] = (byte)'-';
        Hex4(dest[9..], (uint)(hi >> 16) & 0xFFFF);
        dest[13] = (byte)'-';
        Hex4(dest[14..], (uint)hi & 0xFFFF);
        dest[18] = (byte)'-';
        Hex4(dest[19..], (uint)(lo >> 48));
        dest[23] = (byte)'-';
        Hex4(dest[24..], (uint)(lo >> 32) & 0xFFFF);
        Hex8(dest[28..], (uint)lo);
        return 36;
    }

    private static void Hex8(Span<byte> dest, uint value)
    {
        Hex4(dest, value >> 16);
        Hex4(dest[4..], value & 0xFFFF);
    }

    private static void Hex4(Span<byte> dest, uint value)
    {
        dest[3] = Hex[(int)(value & 0xF)];
        dest[2] = Hex[(int)((value >> 4) & 0xF)];
        dest[1] = Hex[(int)((value >> 8) & 0xF)];
        dest[0] = Hex[(int)((value >> 12) & 0xF)];
    }

    public static int Hex16(Span<byte> dest, ulong value)
    {
        for (int i = 15; i >= 0; i--)
        {
            dest[i] = Hex[(int)(value & 0xF)];
            value >>= 4;
        }

        return 16;
    }

    public static int Ip(Span<byte> dest, uint ip)
    {
        int n = 0;
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            n += Int(dest[n..], (ip >> shift) & 0xFF);
            if (shift > 0)
                dest[n++] = (byte)'.';
        }

        return n;
    }

    public static int Ascii(Span<byte> dest, string text)
    {
        for (int i = 0; i < text.Length; i++)
            dest[i] = (byte)text[i];
        return text.Length;
    }

    /// <summary><c>yyyy-MM-dd</c> of a second since 0001-01-01.</summary>
    public static int Date(Span<byte> dest, long second)
    {
        var (year, month, day) = new DateTime(second * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        Digits(dest, 0, year, 4);
        dest[4] = (byte)'-';
        Digits(dest, 5, month, 2);
        dest[7] = (byte)'-';
        Digits(dest, 8, day, 2);
        return 10;
    }

    public static void Digits(Span<byte> dest, int at, int value, int count)
    {
        for (int i = at + count - 1; i >= at; i--)
        {
            dest[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
