using System.Text;
using ShopStream.Core.Text;

namespace ShopStream.Core.Tests;

/// <summary>Which lines are blank (and carry no record).</summary>
public sealed class SpanExtensionsTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData(" ", true)]
    [InlineData("\r", true)]
    [InlineData("\t \r", true)]
    [InlineData(" \t                                                              \r", true)] // longer than a vector
    [InlineData("x", false)]
    [InlineData(" x", false)]
    [InlineData("\t\t                                                               x", false)]
    [InlineData("2019-10-01 00:00:00 UTC,view", false)]
    [InlineData("\n", false)]
    public void Blank_lines_are_spaces_tabs_and_carriage_returns_only(string line, bool blank) =>
        Assert.Equal(blank, ((ReadOnlySpan<byte>)Encoding.ASCII.GetBytes(line)).IsWhiteSpaceOnly());
}
