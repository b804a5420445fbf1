using System.Buffers.Text;
using System.Text;
using ShopStream.Core.Text;

namespace ShopStream.Core.Tests;

/// <summary>The parsers' fast paths for session ids and ids against the runtime's general parsers.</summary>
public sealed class Utf8TextTests
{
    [Theory]
    [InlineData("413aa300-dc3c-4ba6-a2d6-82e33e4f3dde")]
    [InlineData("413AA300-DC3C-4BA6-A2D6-82E33E4F3DDE")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff")]
    [InlineData("413aa300-dc3c-4ba6-a2d6-82e33e4f3ddg")] // not hex
    [InlineData("413aa300-dc3c-4ba6-a2d6-82e33e4f3dd")] // short
    [InlineData("413aa300dc3c-4ba6-a2d6-82e33e4f3dde0")] // a dash out of place
    [InlineData("413aa300-dc3c-4ba6-a2d6-82e33e4f3dde ")]
    [InlineData("{413aa300-dc3c-4ba6-a2d6-82e33e4f3dde}")]
    [InlineData("413aa300dc3c4ba6a2d682e33e4f3dde")]
    [InlineData("")]
    [InlineData("413aa300-dc3c-4ba6-a2d6-82e33e4f3d\u00e9")]
    public void Session_ids_parse_as_the_runtime_parses_them(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        bool expected = Utf8Parser.TryParse(bytes, out Guid expectedValue, out int used) && used == bytes.Length;

        Assert.Equal(expected, Utf8Guid.TryParse(bytes, out Guid value));
        if (expected)
            Assert.Equal(expectedValue, value);
    }

    [Fact]
    public void Random_session_ids_round_trip()
    {
        var random = new Random(7);
        var raw = new byte[16];
        for (int i = 0; i < 10_000; i++)
        {
            random.NextBytes(raw);
            var guid = new Guid(raw);
            Assert.True(Utf8Guid.TryParse(Encoding.ASCII.GetBytes(i % 2 == 0 ? guid.ToString("D") : guid.ToString("D").ToUpperInvariant()), out var parsed));
            Assert.Equal(guid, parsed);
        }
    }

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
