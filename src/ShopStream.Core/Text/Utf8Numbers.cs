using System.Buffers.Text;

namespace ShopStream.Core.Text;

/// <summary>Strict, allocation-free number parsing over UTF-8 fields: the whole field must be the number.</summary>
public static class Utf8Numbers
{
    public static bool TryParseInt64(ReadOnlySpan<byte> s, out long value) =>
        Utf8Parser.TryParse(s, out value, out int used) && used == s.Length;

    public static bool TryParseInt32(ReadOnlySpan<byte> s, out int value) =>
        Utf8Parser.TryParse(s, out value, out int used) && used == s.Length;

    public static bool TryParseDecimal(ReadOnlySpan<byte> s, out decimal value) =>
        Utf8Parser.TryParse(s, out value, out int used) && used == s.Length && s.Length > 0;

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
