using System.Globalization;
using System.Text;
using ShopStream.Core.Text;

namespace ShopStream.Core.Tests;

/// <summary>The event-time layouts of our sources, parsed to UTC; anything else is not a time.</summary>
public sealed class TimestampsTests
{
    [Theory]
    [InlineData("2019-10-01 00:00:00 UTC", "2019-10-01T00:00:00.0000000Z")]
    [InlineData("2019-10-01 02:29:38 UTC", "2019-10-01T02:29:38.0000000Z")]
    [InlineData("2011-10-06 16:20:00", "2011-10-06T16:20:00.0000000Z")]
    [InlineData("2011-10-06", "2011-10-06T00:00:00.0000000Z")]
    [InlineData("2019-10-01T00:00:00Z", "2019-10-01T00:00:00.0000000Z")]
    [InlineData("2019-10-01T00:00:00.123Z", "2019-10-01T00:00:00.1230000Z")]
    [InlineData("2019-10-01T00:00:00.123456789Z", "2019-10-01T00:00:00.1234567Z")]
    [InlineData("2019-10-01T02:00:00+02:00", "2019-10-01T00:00:00.0000000Z")]
    [InlineData("2019-10-01T00:30:00-01:30", "2019-10-01T02:00:00.0000000Z")]
    [InlineData("2020-02-29 12:00:00 UTC", "2020-02-29T12:00:00.0000000Z")]
    public void Known_layouts_parse_to_utc(string text, string expected)
    {
        Assert.True(Timestamps.TryParse(Encoding.UTF8.GetBytes(text), out long ticks));
        Assert.Equal(DateTime.Parse(expected, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal).Ticks, ticks);
        Assert.True(Timestamps.TryParseOrderDate(Encoding.UTF8.GetBytes(text), out long orderTicks)); // an order date may be any of them too
        Assert.Equal(ticks, orderTicks);
    }

    [Theory]
    [InlineData("12/1/2010 8:26", "2010-12-01T08:26:00.0000000Z")]
    [InlineData("12/01/2010 08:26:59", "2010-12-01T08:26:59.0000000Z")]
    [InlineData("1/10/2019", "2019-01-10T00:00:00.0000000Z")]
    public void Month_first_dates_are_order_dates_alone(string text, string expected)
    {
        Assert.True(Timestamps.TryParseOrderDate(Encoding.UTF8.GetBytes(text), out long ticks));
        Assert.Equal(DateTime.Parse(expected, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal).Ticks, ticks);
        Assert.False(Timestamps.TryParse(Encoding.UTF8.GetBytes(text), out _)); // a REES46 or JSON 01/10/2019 went in as 10 January
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2019-13-01 00:00:00 UTC")]
    [InlineData("2019-02-29 00:00:00 UTC")]
    [InlineData("2019-10-01 24:00:00 UTC")]
    [InlineData("2019-10-01 23:60:00 UTC")]
    [InlineData("2019-10-01 23:59:60 UTC")]
    [InlineData("2019-10-01 00:00:00 CET")]
    [InlineData("2019-10-01 00:00:00UTC")]
    [InlineData("2019-10-01T00:00:00.Z")]
    [InlineData("2019-10-01T00:00:00+0200")]
    [InlineData("2019-10-01T00:00:00+15:00")]
    [InlineData("1969-12-31 23:59:59 UTC")]
    [InlineData("2101-01-01 00:00:00 UTC")]
    [InlineData("13/1/2010 8:26")]
    [InlineData("12/1/10 8:26")]
    [InlineData("2019-1-01 00:00:00 UTC")]
    public void Other_text_is_not_a_time(string text)
    {
        Assert.False(Timestamps.TryParse(Encoding.UTF8.GetBytes(text), out _));
        Assert.False(Timestamps.TryParseOrderDate(Encoding.UTF8.GetBytes(text), out _));
    }
}
