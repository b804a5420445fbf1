using System.Globalization;
using ShopStream.Core.Processing;
using ShopStream.Core.Text;

namespace ShopStream.Cli.Reporting;

/// <summary>
/// What a run or process says on stderr, even with <c>--quiet</c>, when a real share of its events came beyond the
/// windows' lateness: they are missing from the hourly and minute metrics, which look whole. The usual cause is one
/// event time far ahead of the rest (a client's clock years ahead, a year typed wrong, a time zone read twice): the
/// watermark jumps there and every event after it is late. The latest event time read is named, so the user can find
/// it (validation accepts any year up to 2100, and a file's events may be years old, so no bound tells it apart).
/// </summary>
internal static class LateOutcome
{
    // Under this share of the accepted events, late ones are the ordinary tail of a disordered stream.
    private const double WarnShare = 0.01;

    /// <summary>Writes the warning to stderr when the late events are enough to mention.</summary>
    public static void Warn(RunResult result, TimeSpan lateness)
    {
        var s = result.Summary;
        if (s.LateEventsDropped == 0 || s.LateEventsDropped < s.EventsAccepted * WarnShare)
            return;
        // Late events still count in profiles, so the latest last_seen is the latest event time read.
        var latest = result.Profiles.Max(p => p.LastSeen);
        string share = (100.0 * s.LateEventsDropped / s.EventsAccepted).ToString("F1", CultureInfo.InvariantCulture);
        Console.Error.WriteLine($"shopstream: warning: {s.LateEventsDropped:N0} event{(s.LateEventsDropped == 1 ? "" : "s")} ({share}% of those accepted) came more than "
            + $"{DurationText.Format(lateness)} behind the watermark, so the hourly and minute metrics leave them out "
            + $"(dead-lettered as late); the latest event time read is {latest.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}: "
            + "if it is far ahead of the rest (a wrong clock upstream), every event after it was late; an input far out of "
            + "time order does this too (--lateness)");
    }
}
