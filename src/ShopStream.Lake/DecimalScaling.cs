namespace ShopStream.Lake;

/// <summary>Decimals as the unscaled 64-bit integers of a DECIMAL(p, s) column, rounded half away from zero: the Parquet writer's and the DuckDB chunk builder's rule.</summary>
internal static class DecimalScaling
{
    private static readonly long[] s_powersOf10 = [.. Enumerable.Range(0, 19).Select(i => (long)Math.Pow(10, i))];

    // The largest mantissa that times 10^i still fits in a long (a table: a division per value cost more than the rest).
    private static readonly long[] s_limits = [.. s_powersOf10.Select(p => long.MaxValue / p)];

    // System.Decimal's fields as .NET lays them out (flags: sign bit and scale; then the 96-bit mantissa's high 32 and
    // low 64 bits). Read in place, they cost a fifth of decimal.GetBits into a span (4 against 20-26 ns a value); the
    // layout is checked once on a known value, and anything else takes GetBits.
    private struct Layout
    {
        public int Flags;
        public uint High;
        public ulong Low;
    }

    private static readonly bool s_layoutKnown = LayoutIs(-1.5m, unchecked((int)0x8001_0000), 0, 15) && LayoutIs(79228162514264337593543950335m, 0, uint.MaxValue, ulong.MaxValue);

    /// <summary>Whether decimals are read in place (the runtime's layout is the one expected), not through GetBits.</summary>
    internal static bool ReadsInPlace => s_layoutKnown;

    public static long Unscaled(decimal value, int scale)
    {
        // Fast path (prices, money): the value's own scale is at most the column's and its mantissa fits in 64 bits,
        // so the stored integer is the mantissa times a power of ten, with no decimal arithmetic.
        var (flags, high, low) = Parts(value);
        int own = (flags >> 16) & 0xFF;
        if (own <= scale && high == 0 && low <= (ulong)s_limits[scale - own])
        {
            long unscaled = (long)low * s_powersOf10[scale - own];
            return flags < 0 ? -unscaled : unscaled;
        }

        return decimal.ToInt64(Math.Round(value * s_powersOf10[scale], MidpointRounding.AwayFromZero));
    }

    /// <summary><see cref="Unscaled"/>, false when the value has more than <paramref name="precision"/> digits at that scale.</summary>
    public static bool TryUnscaled(decimal value, int precision, int scale, out long unscaled)
    {
        unscaled = 0;
        if (Math.Abs(value) >= s_powersOf10[precision - scale]) // before scaling, which overflows far out of range
            return false;
        unscaled = Unscaled(value, scale);
        return Math.Abs(unscaled) < s_powersOf10[precision]; // rounding can carry it to 10^precision
    }

    private static (int Flags, uint High, ulong Low) Parts(decimal value)
    {
        if (s_layoutKnown)
        {
            ref var d = ref System.Runtime.CompilerServices.Unsafe.As<decimal, Layout>(ref value);
            return (d.Flags, d.High, d.Low);
        }

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        return (bits[3], (uint)bits[2], (uint)bits[0] | ((ulong)(uint)bits[1] << 32));
    }

    private static bool LayoutIs(decimal value, int flags, uint high, ulong low)
    {
        ref var d = ref System.Runtime.CompilerServices.Unsafe.As<decimal, Layout>(ref value);
        return d.Flags == flags && d.High == high && d.Low == low;
    }
}
