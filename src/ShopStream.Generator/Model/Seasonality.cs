namespace ShopStream.Generator.Model;

/// <summary>
/// Traffic over the day and the week (UTC), each normalised to a mean of 1: quiet nights, an afternoon and evening
/// peak, busier weekends. The intensity is interpolated linearly between hours.
/// </summary>
internal static class Seasonality
{
    // 25 entries: the last repeats midnight, so interpolation needs no wrap-around.
    private static readonly double[] s_hourly = Normalise(
    [
        0.30, 0.22, 0.18, 0.20, 0.32, 0.55, 0.80, 0.98, 1.08, 1.12, 1.16, 1.20,
        1.24, 1.30, 1.40, 1.50, 1.56, 1.58, 1.52, 1.38, 1.15, 0.88, 0.62, 0.42, 0.30,
    ]);

    // Monday first.
    private static readonly double[] s_weekly = Normalise([0.97, 0.95, 0.95, 0.97, 1.0, 1.06, 1.10]);

    /// <summary>The largest value <see cref="Factor"/> takes: the bound for thinning a Poisson process.</summary>
    public static readonly double Max = s_hourly.Max() * s_weekly.Max();

    /// <summary>Relative traffic at <paramref name="second"/> (seconds since 0001-01-01, a Monday).</summary>
    public static double Factor(double second)
    {
        double hours = second / 3600.0;
        long wholeHours = (long)hours;
        int hour = (int)(wholeHours % 24);
        double f = hours - wholeHours;
        int day = (int)(wholeHours / 24 % 7);
        return ((s_hourly[hour] * (1 - f)) + (s_hourly[hour + 1] * f)) * s_weekly[day];
    }

    private static double[] Normalise(double[] values)
    {
        double mean = values.Length == 25 ? values[..24].Average() : values.Average();
        return values.Select(v => v / mean).ToArray();
    }
}
