using Quartz;

namespace ShopStream.Analytics.Scheduling;

/// <summary>
/// A Quartz cron expression evaluated in UTC (<c>seconds minutes hours day-of-month month day-of-week [year]</c>,
/// e.g. <c>0 0 2 * * ?</c> for 02:00 every day, <c>0 */15 * * * ?</c> every quarter of an hour).
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    /// <exception cref="ArgumentException">The expression is not valid Quartz cron syntax (with Quartz's reason).</exception>
    public CronSchedule(string expression)
    {
        Text = expression;
        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 5)
            throw new ArgumentException(CrontabHint(expression, fields));
        // '?' says "no value, the other day field decides": in both, neither does (Quartz takes it without a word).
        if (fields.Length >= 6 && fields[3] == "?" && fields[5] == "?")
            throw new ArgumentException($"cron expression '{expression}' has '?' as both day of month and day of week: one of them must say which days, e.g. '*' for every day");
        try
        {
            _expression = new CronExpression(expression, TimeZoneInfo.Utc);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"cron expression '{expression}': {ex.Message} (Quartz syntax: seconds minutes hours day-of-month month day-of-week, e.g. '0 0 2 * * ?')", ex);
        }
    }

    public string Text { get; }

    // Quartz's own message for the crontab form names its developer API; people need the expression to write.
    private static string CrontabHint(string expression, string[] fields)
    {
        string hint = $"cron expression '{expression}' has 5 fields, the crontab form; ShopStream reads Quartz cron, seconds first: '0 {string.Join(' ', fields)}'";
        return fields[4].Any(char.IsAsciiDigit)
            ? hint + " (Quartz numbers days of week 1-7 from Sunday where crontab has 0-6: renumber, or write SUN-SAT)"
            : hint;
    }

    /// <summary>The first fire time strictly after <paramref name="time"/>; null when the expression never fires again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset time) => _expression.GetNextValidTimeAfter(time);
}
