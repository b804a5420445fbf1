namespace ShopStream.Generator.Output;

/// <summary>
/// Writes event times as <c>yyyy-MM-dd{sep}HH:mm:ss{suffix}</c> from a cached line template: the date and minute
/// are re-rendered only when the minute changes (events come in time order), so a call sets two digits and copies.
/// </summary>
internal sealed class TimeText
{
    private readonly byte[] _template;
    private long _minute = -1;

    public TimeText(byte separator, byte[] suffix)
    {
        Length = 19 + suffix.Length;
        _template = new byte[Length + SmallCopy.Slack];
        _template[10] = separator;
        suffix.CopyTo(_template, 19);
    }

    public int Length { get; }

    public int Write(Span<byte> dest, long second)
    {
        long minute = second / 60;
        if (minute != _minute)
        {
            _minute = minute;
            var t = new DateTime(minute * TimeSpan.TicksPerMinute, DateTimeKind.Utc);
            Utf8Text.Date(_template, second);
            Utf8Text.Digits(_template, 11, t.Hour, 2);
            _template[13] = (byte)':';
            Utf8Text.Digits(_template, 14, t.Minute, 2);
            _template[16] = (byte)':';
        }

        int s = (int)(second - (minute * 60));
        _template[17] = (byte)('0' + (s / 10));
        _template[18] = (byte)('0' + (s % 10));
        return SmallCopy.Copy(_template.AsSpan(0, Length), SmallCopy.Slack, dest);
    }
}
