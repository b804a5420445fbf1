using System.Text;
using ShopStream.Core.Text;

namespace ShopStream.Core.Tests;

/// <summary>Strings in code point order, which is UTF-8 byte order (SQL's), not .NET's UTF-16 ordinal order.</summary>
public sealed class CodePointOrderTests
{
    [Theory]
    [InlineData("a", "b")]
    [InlineData("Zeta", "alpha")]
    [InlineData("ab", "abc")]
    [InlineData("", "a")]
    [InlineData("\uFF21", "\U0001F642")] // U+FF21 before U+1F642, whose UTF-16 units (D83D) sort first ordinally
    [InlineData("\uE000", "\U00010000")]
    [InlineData("\U00010000", "\U0010FFFF")]
    [InlineData("x\uD7FF", "x\U0001F642")]
    public void The_first_is_smaller_as_its_utf8_bytes_are(string smaller, string larger)
    {
        Assert.True(Encoding.UTF8.GetBytes(smaller).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(larger)) < 0); // the premise
        Assert.True(CodePointOrder.Compare(smaller, larger) < 0);
        Assert.True(CodePointOrder.Compare(larger, smaller) > 0);
        Assert.Equal(0, CodePointOrder.Compare(smaller, new string(smaller.AsSpan())));
    }

    [Fact]
    public void Null_sorts_first()
    {
        Assert.True(CodePointOrder.Compare(null, "") < 0);
        Assert.True(CodePointOrder.Compare("", null) > 0);
        Assert.Equal(0, CodePointOrder.Compare(null, null));
    }
}
