using ShopStream.Core.Text;
namespace ShopStream.Cli.Tests;

/// <summary>Durations on the command line are written the way people write them.</summary>
public sealed class DurationsTests
{
    [Theory]
    [InlineData("30m", 30 * 60)]
    [InlineData("48h", 48 * 3600)]
    [InlineData("90s", 90)]
    [InlineData("2d", 2 * 86400)]
    [InlineData("1.5h", 90 * 60)]
    [InlineData("00:30:00", 30 * 60)]
    [InlineData("0s", 0)]
    public void Duration_text_parses(string text, int seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("soon")]
    [InlineData("-5m")]
    [InlineData("5x")]
    [InlineData("-00:05:00")]
    [InlineData("99999999999d")] // beyond TimeSpan: was an OverflowException and a crash
    [InlineData("1e300s")]
    [InlineData("Infinitys")]
    [InlineData("NaNm")]
    [InlineData("30")] // TimeSpan reads it as 30 days
    [InlineData("5")]
    public void Other_text_is_not_a_duration(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }

    [Theory]
    [InlineData(48 * 3600, "48h")] // as README writes the dedup horizon, where help showed 2.00:00:00
    [InlineData(7 * 86400, "7d")]
    [InlineData(30 * 60, "30m")]
    [InlineData(90, "90s")]
    [InlineData(0, "0s")]
    public void A_duration_is_shown_as_people_write_it_and_reads_back_the_same(int seconds, string text)
    {
        var value = TimeSpan.FromSeconds(seconds);

        Assert.Equal(text, DurationText.Format(value));
        Assert.True(Durations.TryParse(text, out var back));
        Assert.Equal(value, back);
    }
}
