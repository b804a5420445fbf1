using ShopStream.Core.Processing.Windows;

namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// Traffic and revenue alerts on the final, merged minute metrics. Each minute is compared with its baseline, the
/// minutes before it (minutes without events count as zero): it is anomalous when it lies more than k·1.4826·MAD
/// from the baseline's median (median and MAD, the median absolute deviation, are not moved by the spikes they
/// are meant to find, as a mean and standard deviation would be). A baseline with MAD 0 (more than half its
/// minutes alike, such as a quiet shop's minutes without sales) has no spread to judge by and raises no alert.
/// </summary>
internal static class MinuteAnomalies
{
    /// <summary>MAD times this estimates the standard deviation of normally distributed data.</summary>
    private const decimal MadToSigma = 1.4826m;

    /// <param name="minutes">Tumbling minute windows, sorted by start.</param>
    public static List<Alert> Detect(IReadOnlyList<WindowResult> minutes, AlertRules rules)
    {
        var alerts = new List<Alert>();
        if (minutes.Count == 0)
            return alerts;
        long size = (minutes[0].WindowEnd - minutes[0].WindowStart).Ticks;
        var indexes = new long[minutes.Count];
        var events = new decimal[minutes.Count];
        var revenue = new decimal[minutes.Count];
        for (int i = 0; i < minutes.Count; i++)
        {
            indexes[i] = minutes[i].WindowStart.Ticks / size;
            events[i] = minutes[i].Events;
            revenue[i] = minutes[i].Revenue;
        }

        Detect(AlertTypes.Traffic, indexes, events, size, rules, alerts);
        Detect(AlertTypes.Revenue, indexes, revenue, size, rules, alerts);
        return alerts;
    }

    // The series is sparse (minutes with events only), so a stray event years away costs nothing: minutes are
    // judged from the first one with data to the last, skipping those with no data in themselves or their baseline.
    private static void Detect(string type, long[] indexes, decimal[] values, long size, AlertRules rules, List<Alert> alerts)
    {
        int length = rules.BaselineMinutes;
        var baseline = new decimal[length];
        long first = indexes[0], last = indexes[^1];
        int from = 0, at = 0; // data in the baseline: [from, at); at: the first with index >= minute
        for (long minute = first; minute <= last; minute++)
        {
            while (indexes[at] < minute)
                at++;
            while (indexes[from] < minute - length)
                from++;
            if (from == at && indexes[at] > minute)
            {
                minute = indexes[at] - 1; // nothing in the baseline nor here: on to the next minute with data
                continue;
            }

            long start = Math.Max(first, minute - length);
            int n = (int)(minute - start);
            if (n < rules.MinBaselineMinutes)
                continue;
            int nonZero = 0;
            for (int i = from; i < at; i++)
            {
                if (values[i] != 0)
                    baseline[nonZero++] = values[i];
            }

            if ((n - nonZero) * 2 > n)
                continue; // mostly zeros: median and MAD are 0
            baseline.AsSpan(nonZero, n - nonZero).Clear();
            var (median, mad) = MedianAndMad(baseline.AsSpan(0, n));
            decimal x = indexes[at] == minute ? values[at] : 0;
            if (mad > 0 && Math.Abs(x - median) > rules.Deviations * MadToSigma * mad)
            {
                var windowStart = new DateTime(minute * size, DateTimeKind.Utc);
                alerts.Add(new Alert(type, "", windowStart, windowStart.AddTicks(size), x, median));
            }
        }
    }

    private static (decimal Median, decimal Mad) MedianAndMad(Span<decimal> values)
    {
        values.Sort();
        decimal median = Median(values);
        for (int i = 0; i < values.Length; i++)
            values[i] = Math.Abs(values[i] - median);
        values.Sort();
        return (median, Median(values));
    }

    private static decimal Median(ReadOnlySpan<decimal> sorted)
    {
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
