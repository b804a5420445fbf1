namespace ShopStream.Lake;

/// <summary>Decimals as the unscaled 64-bit integers of a DECIMAL(p, s) column, rounded half away from zero: the Parquet writer's and the DuckDB chunk builder's rule.</summary>
internal static class DecimalScaling
{
    private static readonly long[] s_powersOf10 = [.. Enumerable.Range(0, 19).Select(i => (long)Math.Pow(10, i))];

    // The largest mantissa that times 10^i still fits in a long (a table: a division per value cost more than the rest).
    private static readonly long[] s_limits = [.. s_powersOf10.Select(p => long.MaxValue / p)];

    [System.Runtime.CompilerServices.SkipLocalsInit]
    public static long Unscaled(decimal value, int scale)
    {
        // Fast path (prices, money): the value's own scale is at most the column's and its mantissa fits in 64 bits,
        // so the stored integer is the mantissa times a power of ten, with no decimal arithmetic.
        int own = value.Scale;
        if (own <= scale)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            ulong mantissa = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
            if (bits[2] == 0 && mantissa <= (ulong)s_limits[scale - own])
            {
                long unscaled = (long)mantissa * s_powersOf10[scale - own];
                return decimal.IsNegative(value) ? -unscaled : unscaled;
            }
        }

        return decimal.ToInt64(Math.Round(value * s_powersOf10[scale], MidpointRounding.AwayFromZero));
    }
}
