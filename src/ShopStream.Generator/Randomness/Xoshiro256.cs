namespace ShopStream.Generator.Randomness;

/// <summary>
/// xoshiro256** (Blackman and Vigna) seeded through SplitMix64: fast, and the same stream on every runtime and
/// machine, unlike <see cref="Random"/>, whose algorithm is an implementation detail. A mutable struct: pass it by ref.
/// </summary>
internal struct Xoshiro256
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="n"/>) (Lemire's multiply-shift; the bias is far below what matters here).</summary>
    public int Next(int n) => (int)(((NextUInt64() >> 32) * (ulong)(uint)n) >> 32);

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Exponentially distributed with the given mean.</summary>
    public double Exponential(double mean) => -mean * Math.Log(1.0 - NextDouble());

    /// <summary>Standard normal (Box-Muller, one of the pair).</summary>
    public double Normal()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Log-normal with the given median and shape (sigma of the log).</summary>
    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    /// <summary>An index in [0, n) skewed toward 0 (<c>n * u^power</c>; power &gt; 1 makes the head popular).</summary>
    public int Skewed(int n, double power) => Math.Min(n - 1, (int)(n * Math.Pow(NextDouble(), power)));

    /// <summary>An index drawn from cumulative weights (the last entry is the total).</summary>
    public int Pick(ReadOnlySpan<double> cumulative)
    {
        double u = NextDouble() * cumulative[^1];
        for (int i = 0; i < cumulative.Length - 1; i++)
        {
            if (u < cumulative[i])
                return i;
        }

        return cumulative.Length - 1;
    }

    /// <summary>A stateless 64-bit mix (SplitMix64's finaliser): a bijection, so distinct inputs give distinct outputs.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }
}
