namespace ShopStream.Core.Text;

/// <summary>
/// Allocation-free parsing of the event-time layouts our sources use, to UTC ticks:
/// <c>2019-10-01 00:00:00 UTC</c> (REES46), <c>2011-10-06 16:20:00</c> and ISO 8601 (<c>2019-10-01T00:00:00.123Z</c>,
/// <c>+02:00</c> offsets) from JSON, and for UCI orders alone also <c>12/1/2010 8:26</c>.
/// Years outside [<see cref="MinYear"/>, <see cref="MaxYear"/>] are rejected: such a time is a corrupt record,
/// and accepting it would drag the watermark decades forward.
/// </summary>
public static class Timestamps
{
    public const int MinYear = 1970;
    public const int MaxYear = 2100;

    /// <summary>Year first (REES46, JSON lines, the collector): a date with slashes is not a time here.</summary>
    /// <remarks>
    /// Month first is the UCI spreadsheet's layout, not these sources': taken everywhere, a day-first export's
    /// <c>01/10/2019</c> went in as 10 January with no word, its events months out of place.
    /// </remarks>
    public static bool TryParse(ReadOnlySpan<byte> s, out long ticks)
    {
        ticks = 0;
        return s.Length >= 10 && s[4] == '-' && TryParseIso(s, out ticks);
    }

    /// <summary>A UCI order line's <c>InvoiceDate</c>: year first, or month first (<c>M/d/yyyy H:mm[:ss]</c>) as the original spreadsheet has it.</summary>
    public static bool TryParseOrderDate(ReadOnlySpan<byte> s, out long ticks) =>
        s.Length >= 10 && s[4] == '-' ? TryParseIso(s, out ticks) : TryParseUsDate(s, out ticks);

    private static bool TryParseIso(ReadOnlySpan<byte> s, out long ticks)
    {
        ticks = 0;
        if (!Digits(s, 0, 4, out int year) || s[7] != '-' || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day))
            return false;
        int hour = 0, minute = 0, second = 0;
        long fraction = 0;
        int i = 10;
        if (i < s.Length && (s[i] == ' ' || s[i] == 'T'))
        {
            if (!TryParseClock(s, i + 1, out hour, out minute, out second, out fraction, out i))
                return false;
        }

        if (!TryParseZone(s[i..], out long offsetTicks))
            return false;
        return TryCompose(year, month, day, hour, minute, second, fraction, out ticks) && Shift(ref ticks, -offsetTicks);
    }

    // M/d/yyyy H:mm[:ss], the original UCI Online Retail spreadsheet layout.
    private static bool TryParseUsDate(ReadOnlySpan<byte> s, out long ticks)
    {
        ticks = 0;
        int i = 0;
        if (!Number(s, ref i, 2, out int month) || !Expect(s, ref i, '/') || !Number(s, ref i, 2, out int day)
            || !Expect(s, ref i, '/'))
            return false;
        int yearStart = i;
        if (!Number(s, ref i, 4, out int year) || i - yearStart != 4)
            return false;
        int hour = 0, minute = 0, second = 0;
        if (i < s.Length)
        {
            if (!Expect(s, ref i, ' ') || !Number(s, ref i, 2, out hour) || !Expect(s, ref i, ':') || !Number(s, ref i, 2, out minute))
                return false;
            if (i < s.Length && (!Expect(s, ref i, ':') || !Number(s, ref i, 2, out second)))
                return false;
            if (i != s.Length)
                return false;
        }

        return TryCompose(year, month, day, hour, minute, second, 0, out ticks);
    }

    private static bool TryParseClock(ReadOnlySpan<byte> s, int i, out int hour, out int minute, out int second, out long fraction, out int end)
    {
        hour = minute = second = 0;
        fraction = 0;
        end = i;
        if (!Digits(s, i, 2, out hour) || i + 2 >= s.Length || s[i + 2] != ':' || !Digits(s, i + 3, 2, out minute))
            return false;
        i += 5;
        if (i < s.Length && s[i] == ':')
        {
            if (!Digits(s, i + 1, 2, out second))
                return false;
            i += 3;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                int digits = 0;
                long scale = TimeSpan.TicksPerSecond;
                while (i < s.Length && (uint)(s[i] - '0') <= 9)
                {
                    if (digits < 7)
                    {
                        scale /= 10;
                        fraction += (s[i] - '0') * scale;
                    }

                    digits++;
                    i++;
                }

                if (digits == 0)
                    return false;
            }
        }

        end = i;
        return true;
    }

    private static bool TryParseZone(ReadOnlySpan<byte> z, out long offsetTicks)
    {
        offsetTicks = 0;
        if (z.IsEmpty || z.SequenceEqual(" UTC"u8) || z.SequenceEqual("Z"u8) || z.SequenceEqual("z"u8))
            return true;
        if (z.Length == 6 && (z[0] == '+' || z[0] == '-') && z[3] == ':'
            && Digits(z, 1, 2, out int oh) && Digits(z, 4, 2, out int om) && oh <= 14 && om < 60)
        {
            offsetTicks = (oh * TimeSpan.TicksPerHour + om * TimeSpan.TicksPerMinute) * (z[0] == '-' ? -1 : 1);
            return true;
        }

        return false;
    }

    private static bool TryCompose(int year, int month, int day, int hour, int minute, int second, long fraction, out long ticks)
    {
        ticks = 0;
        if (year is < MinYear or > MaxYear || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
            return false;
        ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fraction;
        return true;
    }

    private static bool Shift(ref long ticks, long by)
    {
        ticks += by;
        return ticks >= new DateTime(MinYear, 1, 1).Ticks - TimeSpan.TicksPerDay;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
            return false;
        for (int k = start; k < start + count; k++)
        {
            uint d = (uint)(s[k] - '0');
            if (d > 9)
                return false;
            value = value * 10 + (int)d;
        }

        return true;
    }

    private static bool Number(ReadOnlySpan<byte> s, ref int i, int maxDigits, out int value)
    {
        value = 0;
        int start = i;
        while (i < s.Length && i - start < maxDigits && (uint)(s[i] - '0') <= 9)
            value = value * 10 + (s[i++] - '0');
        return i > start;
    }

    private static bool Expect(ReadOnlySpan<byte> s, ref int i, char c)
    {
        if (i >= s.Length || s[i] != c)
            return false;
        i++;
        return true;
    }
}
