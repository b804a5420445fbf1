using System.Globalization;

namespace ShopStream.Core.Text;

/// <summary>Durations as people write them, in messages and help: <c>30m</c>, not <c>00:30:00</c>.</summary>
public static class DurationText
{
    /// <summary>
    /// The way people write it and this parser reads it back, in the largest whole unit (hours up to two days, as
    /// <c>48h</c>): <c>7d</c>, <c>48h</c>, <c>30m</c>, <c>5s</c>; a fraction of a second as <c>00:00:00.5</c>.
    /// </summary>
    public static string Format(TimeSpan value)
    {
        long ticks = value.Ticks;
        if (ticks == 0)
            return "0s";
        if (ticks < 0 || ticks % TimeSpan.TicksPerSecond != 0)
            return value.ToString("c", CultureInfo.InvariantCulture);
        if (ticks % TimeSpan.TicksPerDay == 0 && value.TotalDays > 2)
            return $"{ticks / TimeSpan.TicksPerDay}d";
        if (ticks % TimeSpan.TicksPerHour == 0)
            return $"{ticks / TimeSpan.TicksPerHour}h";
        return ticks % TimeSpan.TicksPerMinute == 0 ? $"{ticks / TimeSpan.TicksPerMinute}m" : $"{ticks / TimeSpan.TicksPerSecond}s";
    }
}
