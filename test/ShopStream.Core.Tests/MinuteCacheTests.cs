using System.Text;
using ShopStream.Core.Text;

namespace ShopStream.Core.Tests;

/// <summary>The REES46 time memo gives what <see cref="Timestamps.TryParse"/> gives, hit or miss.</summary>
public sealed class MinuteCacheTests
{
    [Fact]
    public void Every_text_parses_as_Timestamps_parses_it_whatever_came_before()
    {
        string[] texts =
        [
            "2019-10-01 02:29:38 UTC", "2019-10-01 02:29:00 UTC", "2019-10-01 02:29:59 UTC", "2019-10-01 02:29:60 UTC",
            "2019-10-01 02:29:6x UTC", "2019-10-01 02:29:38 CET", "2019-10-01 02:29:38", "2019-10-01 02:30:01 UTC",
            "2019-10-02 02:29:38 UTC", "2019-02-29 02:29:38 UTC", "2020-02-29 23:59:59 UTC", "2019-10-01 24:29:38 UTC",
            "2019-10-01T02:29:38Z", "12/1/2010 8:26", "2019-10-01 02:29:38.5 UTC", "2019-10-01 02:29|38 UTC", "",
        ];
        var random = new Random(46);
        var cache = new MinuteCache();
        for (int i = 0; i < 5_000; i++)
        {
            var utf8 = Encoding.ASCII.GetBytes(texts[random.Next(texts.Length)]);
            bool expected = Timestamps.TryParse(utf8, out long expectedTicks);
            Assert.Equal(expected, cache.TryParse(utf8, out long ticks));
            if (expected)
                Assert.Equal(expectedTicks, ticks);
        }
    }

    [Fact]
    public void A_minute_seen_before_still_checks_its_seconds()
    {
        var cache = new MinuteCache();
        Assert.True(cache.TryParse("2019-10-01 02:29:38 UTC"u8, out _));
        Assert.False(cache.TryParse("2019-10-01 02:29:61 UTC"u8, out _));
        Assert.False(cache.TryParse("2019-10-01 02:29:3a UTC"u8, out _));
        Assert.True(cache.TryParse("2019-10-01 02:29:59 UTC"u8, out long ticks));
        Assert.Equal(new DateTime(2019, 10, 1, 2, 29, 59, DateTimeKind.Utc).Ticks, ticks);
    }
}
