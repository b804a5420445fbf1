namespace ShopStream.Lake.Tests;

/// <summary>Decimals to a DECIMAL(18, s) column's unscaled integers: the fast path reading the decimal in place must agree with decimal arithmetic.</summary>
public sealed class DecimalScalingTests
{
    [Fact]
    public void This_runtime_lays_decimals_out_as_expected_so_they_are_read_in_place() => Assert.True(DecimalScaling.ReadsInPlace);

    [Theory]
    [InlineData("9999999999999999.99", 18, 2, true)]
    [InlineData("-9999999999999999.99", 18, 2, true)]
    [InlineData("9999999999999999.995", 18, 2, false)] // rounds to 10^16
    [InlineData("10000000000000000", 18, 2, false)]
    [InlineData("200000000000000000", 18, 2, false)]
    [InlineData("79228162514264337593543950335", 18, 4, false)] // would overflow a long when scaled
    [InlineData("1000000000", 18, 4, true)] // the largest price accepted
    public void A_value_beyond_the_precision_is_refused(string text, int precision, int scale, bool fits)
    {
        decimal value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(fits, DecimalScaling.TryUnscaled(value, precision, scale, out long unscaled));
        if (fits)
            Assert.Equal(DecimalScaling.Unscaled(value, scale), unscaled);
    }

    [Fact]
    public void A_money_column_names_itself_when_a_sum_is_beyond_its_precision()
    {
        var column = new ShopStream.Lake.Parquet.ParquetColumn("revenue", ShopStream.Lake.Parquet.ParquetColumnKind.Decimal, false, 18, 2);
        using var group = new ShopStream.Lake.Parquet.RowGroupBuffer([column], new ShopStream.Lake.Parquet.ParquetWriteOptions());
        var buffer = (ShopStream.Lake.Parquet.Int64ColumnBuffer)group.Columns[0];
        buffer.AddDecimal(9999999999999999.99m);

        var error = Assert.Throws<InvalidDataException>(() => buffer.AddDecimal(200000000000000000m));
        Assert.Contains("revenue 200000000000000000", error.Message);
        Assert.Contains("decimal(18,2)", error.Message);
    }

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
