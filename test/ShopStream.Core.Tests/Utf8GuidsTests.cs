using System.Buffers.Text;
using System.Text;
using ShopStream.Core.Text;

namespace ShopStream.Core.Tests;

/// <summary>The session-id parser's vector path against <see cref="Utf8Parser"/>, its definition.</summary>
public sealed class Utf8GuidsTests
{
    [Fact]
    public void Canonical_uuids_read_as_Utf8Parser_reads_them_in_either_case()
    {
        var random = new Random(46);
        Span<byte> raw = stackalloc byte[16];
        for (int i = 0; i < 2_000; i++)
        {
            random.NextBytes(raw);
            var guid = new Guid(raw);
            string text = guid.ToString("D");
            foreach (string form in new[] { text, text.ToUpperInvariant() })
            {
                var utf8 = Encoding.ASCII.GetBytes(form);
                Assert.True(Utf8Guids.TryParseCanonical(utf8, out var fast), form);
                Assert.Equal(guid, fast);
                Assert.True(Utf8Guids.TryParse(utf8, out var parsed));
                Assert.Equal(guid, parsed);
            }
        }
    }

    [Fact]
    public void A_non_hex_byte_at_any_digit_position_fails_both_ways()
    {
        var text = Encoding.ASCII.GetBytes("5d2b2fdf-29b6-4a05-a1e4-9b8bb5f2a0c3");
        foreach (byte bad in "g G/:@`\u00ff\0-"u8.ToArray())
        {
            for (int at = 0; at < text.Length; at++)
            {
                if (text[at] == '-')
                    continue;
                var broken = (byte[])text.Clone();
                broken[at] = bad;
                Assert.False(Utf8Guids.TryParseCanonical(broken, out _));
                Assert.Equal(Utf8Parser.TryParse(broken, out Guid _, out int used) && used == broken.Length, Utf8Guids.TryParse(broken, out _));
            }
        }
    }

    [Theory]
    [InlineData("5d2b2fdf-29b6-4a05-a1e4-9b8bb5f2a0c")] // one digit short
    [InlineData("5d2b2fdf-29b6-4a05-a1e4-9b8bb5f2a0c3a")] // one too many
    [InlineData("5d2b2fdf029b6-4a05-a1e4-9b8bb5f2a0c3")] // a hyphen missing
    [InlineData("5d2b2fdf29b64a05a1e49b8bb5f2a0c3")] // N layout: not a REES46 session id
    [InlineData("{5d2b2fdf-29b6-4a05-a1e4-9b8bb5f2a0c3}")]
    [InlineData("")]
    public void Other_layouts_are_not_uuids(string text) =>
        Assert.False(Utf8Guids.TryParse(Encoding.ASCII.GetBytes(text), out _));
}
