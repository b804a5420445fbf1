using System.Buffers.Text;

namespace ShopStream.Core.Text;

/// <summary>Strict, allocation-free number parsing over UTF-8 fields: the whole field must be the number.</summary>
public static class Utf8Numbers
{
    public static bool TryParseInt64(ReadOnlySpan<byte> s, out long value)
    {
        // Fast path: up to 19 plain digits (REES46's category ids have 19) fit an unsigned long without overflow,
        // and then only need to be at most long.MaxValue; anything else (a sign, 20 digits) goes to Utf8Parser.
        if (s.Length is > 0 and <= 19)
        {
            ulong v = 0;
            foreach (byte b in s)
            {
                uint d = (uint)(b - '0');
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

    public static bool TryParseInt32(ReadOnlySpan<byte> s, out int value) =>
        Utf8Parser.TryParse(s, out value, out int used) && used == s.Length;

    public static bool TryParseDecimal(ReadOnlySpan<byte> s, out decimal value)
    {
        if (TryParsePlainDecimal(s, out value))
            return true;
        return Utf8Parser.TryParse(s, out value, out int used) && used == s.Length && s.Length > 0;
    }

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
