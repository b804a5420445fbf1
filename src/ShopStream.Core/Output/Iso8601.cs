namespace ShopStream.Core.Output;

/// <summary>SPEC's time format, <c>2019-10-01T02:29:38Z</c>, with a trimmed fraction only when there is one.</summary>
public static class Iso8601
{
    /// <summary>Bytes <see cref="Format(DateTime, Span{byte})"/> writes at most.</summary>
    public const int MaxLength = 28;

    /// <summary>Writes <paramref name="utc"/> into <paramref name="dest"/> (at least <see cref="MaxLength"/> bytes); returns bytes written.</summary>
    public static int Format(DateTime utc, Span<byte> dest)
    {
        // Straight from the ticks: one division for the day, civil date by integer arithmetic (Hinnant's
        // days-to-civil), so millions of rows do not pay for DateTime's property calls.
        long ticks = utc.Ticks;
        long seconds = ticks / TimeSpan.TicksPerSecond;
        long fraction = ticks - seconds * TimeSpan.TicksPerSecond;
        long days = seconds / 86400;
        int secondOfDay = (int)(seconds - days * 86400);
        CivilFromDays(days - 719162, out int year, out int month, out int day); // 719162: days from 0001-01-01 to 1970-01-01

        Four(dest, 0, year);
        dest[4] = (byte)'-';
        Two(dest, 5, month);
        dest[7] = (byte)'-';
        Two(dest, 8, day);
        dest[10] = (byte)'T';
        Two(dest, 11, secondOfDay / 3600);
        dest[13] = (byte)':';
        Two(dest, 14, secondOfDay / 60 % 60);
        dest[16] = (byte)':';
        Two(dest, 17, secondOfDay % 60);
        int pos = 19;
        if (fraction != 0)
        {
            dest[pos++] = (byte)'.';
            int digits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }

            for (int i = pos + digits - 1; i >= pos; i--)
            {
                dest[i] = (byte)('0' + fraction % 10);
                fraction /= 10;
            }

            pos += digits;
        }

        dest[pos++] = (byte)'Z';
        return pos;
    }

    private static void CivilFromDays(long z, out int year, out int month, out int day)
    {
        z += 719468;
        long era = (z >= 0 ? z : z - 146096) / 146097;
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        day = (int)(doy - (153 * mp + 2) / 5 + 1);
        month = (int)(mp < 10 ? mp + 3 : mp - 9);
        year = (int)(yoe + era * 400 + (month <= 2 ? 1 : 0));
    }

    internal static void Two(Span<byte> dest, int at, int value)
    {
        dest[at] = (byte)('0' + value / 10);
        dest[at + 1] = (byte)('0' + value % 10);
    }

    private static void Four(Span<byte> dest, int at, int value)
    {
        Two(dest, at, value / 100);
        Two(dest, at + 2, value % 100);
    }
}
