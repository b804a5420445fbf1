namespace ShopStream.Generator.Randomness;

/// <summary>
/// A log-normal gap in whole seconds drawn by table look-up: 4,096 quantiles computed once, so a draw costs one
/// random number instead of a logarithm, a square root, a cosine and an exponential.
/// </summary>
internal sealed class GapTable
{
    private const int Bits = 12;
    private readonly long[] _values = new long[1 << Bits];

    public GapTable(double median, double sigma, long max)
    {
        for (int i = 0; i < _values.Length; i++)
        {
            double z = NormalQuantile((i + 0.5) / _values.Length);
            _values[i] = Math.Clamp((long)(median * Math.Exp(sigma * z)), 1, max);
        }
    }

    public long Draw(ref Xoshiro256 rng) => _values[rng.NextUInt64() >> (64 - Bits)];

    /// <summary>The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    public static double NormalQuantile(double p)
    {
        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double Low = 0.02425;
        if (p < Low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((((((c[0] * q) + c[1]) * q) + c[2]) * q) + c[3]) * q) + c[4]) * q + c[5]) / ((((((((d[0] * q) + d[1]) * q) + d[2]) * q) + d[3]) * q) + 1);
        }

        if (p > 1 - Low)
            return -NormalQuantile(1 - p);
        double r = p - 0.5, s = r * r;
        return (((((((((a[0] * s) + a[1]) * s) + a[2]) * s) + a[3]) * s) + a[4]) * s + a[5]) * r
            / (((((((((b[0] * s) + b[1]) * s) + b[2]) * s) + b[3]) * s) + b[4]) * s + 1);
    }
}
