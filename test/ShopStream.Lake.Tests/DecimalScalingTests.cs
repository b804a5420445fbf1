namespace ShopStream.Lake.Tests;

/// <summary>Decimals to a DECIMAL(18, s) column's unscaled integers: the fast path reading the decimal in place must agree with decimal arithmetic.</summary>
public sealed class DecimalScalingTests
{
    [Fact]
    public void This_runtime_lays_decimals_out_as_expected_so_they_are_read_in_place() => Assert.True(DecimalScaling.ReadsInPlace);

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Every_value_scales_as_rounding_half_away_from_zero_does(int scale)
    {
        var random = new Random(scale);
        decimal[] special = [0m, -0m, 1m, -1m, 0.00005m, -0.00005m, 0.00015m, 12.3400m, -148.13m, 1.23456789m, 92233720368547.75807m, -92233720368547.75808m / 10];
        var values = special.Concat(Enumerable.Range(0, 20_000).Select(_ =>
        {
            decimal v = new(random.Next(), random.Next(0, 4), 0, random.Next(2) == 0, (byte)random.Next(0, 12));
            return v;
        }));
        foreach (decimal v in values)
        {
            decimal scaled = Math.Round(v * (decimal)Math.Pow(10, scale), MidpointRounding.AwayFromZero);
            if (scaled is > long.MaxValue or < long.MinValue)
                continue;
            Assert.Equal(decimal.ToInt64(scaled), DecimalScaling.Unscaled(v, scale));
        }
    }
}
