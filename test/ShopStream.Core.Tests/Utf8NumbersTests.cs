using System.Text;
using ShopStream.Core.Text;

namespace ShopStream.Core.Tests;

/// <summary>The id parser's fast path (up to 19 digits) and its general one.</summary>
public sealed class Utf8NumbersTests
{
    [Theory]
    [InlineData("2072941437609423087", 2072941437609423087L)] // 19 digits, REES46's category ids
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("0", 0L)]
    [InlineData("-42", -42L)]
    [InlineData("00000000000000000001", 1L)] // 20 digits: the general parser
    public void Ids_parse(string text, long expected)
    {
        Assert.True(Utf8Numbers.TryParseInt64(Encoding.ASCII.GetBytes(text), out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("9223372036854775808")] // long.MaxValue + 1, 19 digits
    [InlineData("9999999999999999999")]
    [InlineData("12a")]
    [InlineData("")]
    [InlineData("1 ")]
    public void Bad_or_overflowing_ids_do_not_parse(string text) =>
        Assert.False(Utf8Numbers.TryParseInt64(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void Ids_of_every_length_parse_with_any_digit_and_fail_with_any_other_byte()
    {
        var random = new Random(46);
        for (int length = 1; length <= 19; length++)
        {
            for (int round = 0; round < 200; round++)
            {
                var digits = new byte[length];
                for (int k = 0; k < length; k++)
                    digits[k] = (byte)('0' + random.Next(10));
                string text = Encoding.ASCII.GetString(digits);
                bool fits = ulong.Parse(text, System.Globalization.CultureInfo.InvariantCulture) <= long.MaxValue;
                Assert.Equal(fits, Utf8Numbers.TryParseInt64(digits, out long value));
                if (fits)
                    Assert.Equal(long.Parse(text, System.Globalization.CultureInfo.InvariantCulture), value);

                int at = random.Next(length);
                digits[at] = "/:a \0\xff."u8[random.Next(8)];
                Assert.False(Utf8Numbers.TryParseInt64(digits, out _), Encoding.Latin1.GetString(digits));
            }
        }
    }
}
