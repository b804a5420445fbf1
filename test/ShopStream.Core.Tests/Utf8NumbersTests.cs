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
}
