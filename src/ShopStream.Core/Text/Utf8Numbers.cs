using System.Buffers.Text;
using System.Runtime.InteropServices;

namespace ShopStream.Core.Text;

/// <summary>Strict, allocation-free number parsing over UTF-8 fields: the whole field must be the number.</summary>
public static class Utf8Numbers
{
    public static bool TryParseInt64(ReadOnlySpan<byte> s, out long value)
    {
        // Fast path: up to 19 plain digits (REES46's category ids have 19) fit an unsigned long without overflow,
        // and then only need to be at most long.MaxValue; anything else (a sign, 20 digits) goes to Utf8Parser.
        // Eight digits at a time where there are eight: every record has three ids, of 7 to 19 digits.
        if (s.Length is > 0 and <= 19)
        {
            ulong v = 0;
            int i = 0;
            for (; i + sizeof(ulong) <= s.Length; i += sizeof(ulong))
            {
                if (!TryEightDigits(MemoryMarshal.Read<ulong>(s[i..]), out uint eight))
                    goto General;
                v = v * 100_000_000 + eight;
            }

            for (; i < s.Length; i++)
            {
                uint d = (uint)(s[i] - '0');
                if (d > 9)
                    goto General;
                v = v * 10 + d;
            }

            if (v <= long.MaxValue)
            {
                value = (long)v;
                return true;
            }
        }

    General:
        return Utf8Parser.TryParse(s, out value, out int used) && used == s.Length;
    }

    // Eight ASCII digits, the first in the lowest byte, as their number; false when any byte is not a digit.
    // Bytes 0x30-0x39 are those whose high nibble is 3 and stays 3 after adding 6 (so the low nibble is at most 9).
    private static bool TryEightDigits(ulong text, out uint value)
    {
        const ulong HighNibbles = 0xF0F0_F0F0_F0F0_F0F0UL;
        value = 0;
        if (!BitConverter.IsLittleEndian
            || (text & HighNibbles) != 0x3030_3030_3030_3030UL
            || ((text + 0x0606_0606_0606_0606UL) & HighNibbles) != 0x3030_3030_3030_3030UL)
            return false;
        ulong x = text & 0x0F0F_0F0F_0F0F_0F0FUL;
        x = (x * 10 + (x >> 8)) & 0x00FF_00FF_00FF_00FFUL; // digit pairs
        x = (x * 100 + (x >> 16)) & 0x0000_FFFF_0000_FFFFUL; // fours
        value = (uint)(x * 10_000 + (x >> 32));
        return true;
    }

    public static bool TryParseInt32(ReadOnlySpan<byte> s, out int value) =>
        Utf8Parser.TryParse(s, out value, out int used) && used == s.Length;

    public static bool TryParseDecimal(ReadOnlySpan<byte> s, out decimal value)
    {
        if (TryParsePlainDecimal(s, out value))
            return true;
        return Utf8Parser.TryParse(s, out value, out int used) && used == s.Length && s.Length > 0;
    }

    /// <summary>Whether <paramref name="s"/> is a finite number too large for <c>decimal</c> (beyond ±7.9·10^28).</summary>
    public static bool IsBeyondDecimal(ReadOnlySpan<byte> s) =>
        Utf8Parser.TryParse(s, out double value, out int used) && used == s.Length && double.IsFinite(value) && Math.Abs(value) >= (double)decimal.MaxValue;

    // Fast path for the prices sources actually hold: optional minus, up to 18 digits, at most one dot.
    private static bool TryParsePlainDecimal(ReadOnlySpan<byte> s, out decimal value)
    {
        value = 0;
        int i = 0;
        bool negative = s.Length > 0 && s[0] == '-';
        if (negative)
            i++;
        if (s.Length - i is < 1 or > 19)
            return false;
        long mantissa = 0;
        int scale = -1, digits = 0;
        for (; i < s.Length; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d <= 9)
            {
                mantissa = mantissa * 10 + d;
                digits++;
                if (scale >= 0)
                    scale++;
            }
            else if (s[i] == '.' && scale < 0)
            {
                scale = 0;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0 || digits > 18 || scale == 0)
            return false; // "1." and friends go to the general parser
        value = new decimal((int)mantissa, (int)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }

    /// <summary>An integer id that may be written as a float with a zero fraction (UCI's <c>12923.0</c>).</summary>
    public static bool TryParseWholeNumber(ReadOnlySpan<byte> s, out long value)
    {
        int dot = s.IndexOf((byte)'.');
        if (dot >= 0)
        {
            if (s[(dot + 1)..].ContainsAnyExcept((byte)'0'))
            {
                value = 0;
                return false;
            }

            s = s[..dot];
        }

        return TryParseInt64(s, out value);
    }

    /// <summary>True when <paramref name="s"/> is one or more ASCII digits.</summary>
    public static bool IsDigits(ReadOnlySpan<byte> s) => !s.IsEmpty && !s.ContainsAnyExceptInRange((byte)'0', (byte)'9');
}
