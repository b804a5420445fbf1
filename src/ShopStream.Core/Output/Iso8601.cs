namespace ShopStream.Core.Output;

/// <summary>SPEC's time format, <c>2019-10-01T02:29:38Z</c>, with a trimmed fraction only when there is one.</summary>
public static class Iso8601
{
    public static string Format(DateTime utc)
    {
        Span<byte> buf = stackalloc byte[32];
        int n = Format(utc, buf);
        return System.Text.Encoding.ASCII.GetString(buf[..n]);
    }

    /// <summary>Writes <paramref name="utc"/> into <paramref name="dest"/> (at least 28 bytes); returns bytes written.</summary>
    public static int Format(DateTime utc, Span<byte> dest)
    {
        var (year, month, day) = utc;
        Digits(dest, 0, year, 4);
        dest[4] = (byte)'-';
        Digits(dest, 5, month, 2);
        dest[7] = (byte)'-';
        Digits(dest, 8, day, 2);
        dest[10] = (byte)'T';
        Digits(dest, 11, utc.Hour, 2);
        dest[13] = (byte)':';
        Digits(dest, 14, utc.Minute, 2);
        dest[16] = (byte)':';
        Digits(dest, 17, utc.Second, 2);
        int pos = 19;
        long fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            dest[pos++] = (byte)'.';
            int digits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }

            Digits(dest, pos, (int)fraction, digits);
            pos += digits;
        }

        dest[pos++] = (byte)'Z';
        return pos;
    }

    private static void Digits(Span<byte> dest, int at, int value, int count)
    {
        for (int i = at + count - 1; i >= at; i--)
        {
            dest[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
