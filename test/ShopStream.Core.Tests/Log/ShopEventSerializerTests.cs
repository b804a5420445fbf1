using System.Globalization;
using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Text;
using ShopStream.Core.Validation;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Log;

/// <summary>ShopEvent payloads: every canonical field comes back exactly, and a payload of another version is refused.</summary>
public sealed class ShopEventSerializerTests
{
    [Fact]
    public void Every_field_round_trips_exactly()
    {
        var e = Full();

        AssertSame(e, RoundTrip(e));
    }

    [Fact]
    public void Null_and_empty_strings_stay_apart()
    {
        var e = Full();
        e.CategoryCode = "";
        e.Brand = null;
        e.SessionText = "";
        e.SourceEventId = null;
        e.OrderId = "";
        e.Country = null;
        e.UserAgent = "";
        e.Ip = null;

        AssertSame(e, RoundTrip(e));
        AssertSame(default, RoundTrip(default));
    }

    [Theory]
    [InlineData("session-7 (not a uuid)")]
    [InlineData("72d76fde8bb34e008c23")]
    [InlineData("Ünïcødé 漢字 😀")]
    [InlineData("lone \ud800 surrogate")]
    [InlineData("\udfff")]
    public void Any_string_round_trips_exactly(string text)
    {
        var e = Full();
        e.SessionId = Guid.Empty;
        e.SessionText = text;
        e.UserAgent = text + text;

        var back = RoundTrip(e);

        AssertSame(e, back);
        Assert.Equal(text, back.SessionKey);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1.50")]
    [InlineData("1.500000")]
    [InlineData("0")]
    [InlineData("0.00")]
    [InlineData("-12.345")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335")]
    [InlineData("0.0000000000000000000000000001")]
    [InlineData("1234567890.1234567890123456789")]
    public void Prices_round_trip_with_their_scale(string price)
    {
        var e = Full();
        e.Price = decimal.Parse(price, NumberStyles.Float, CultureInfo.InvariantCulture);

        var back = RoundTrip(e);

        Assert.Equal(decimal.GetBits(e.Price), decimal.GetBits(back.Price));
        Assert.Equal(price, back.Price.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Negative_zero_keeps_its_sign_and_scale()
    {
        var e = Full();
        e.Price = new decimal(0, 0, 0, isNegative: true, scale: 2);

        Assert.Equal(decimal.GetBits(e.Price), decimal.GetBits(RoundTrip(e).Price));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(637_054_560_001_234_567L)] // 2019-10-01 00:00:00.1234567
    [InlineData(3_155_378_975_999_999_999L)] // DateTime.MaxValue
    public void Times_round_trip_to_the_tick(long ticks)
    {
        var e = Full();
        e.EventTimeTicks = ticks;

        Assert.Equal(ticks, RoundTrip(e).EventTimeTicks);
    }

    [Fact]
    public void Random_events_round_trip_exactly()
    {
        var random = new Random(46);
        var buffer = new byte[1 << 16];
        for (int i = 0; i < 3000; i++)
        {
            var e = RandomEvent(random);
            int written = ShopEventSerializer.Write(in e, buffer);
            Assert.True(written <= ShopEventSerializer.GetMaxByteCount(in e));
            ShopEventSerializer.Read(buffer.AsSpan(0, written), out var back);
            AssertSame(e, back);
        }
    }

    [Fact]
    public void The_parsed_sample_comes_back_from_the_log_field_for_field()
    {
        var parser = new Rees46Parser(new StringPool());
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample).Skip(1).ToArray();
        var events = new ShopEvent[lines.Length];
        for (int i = 0; i < lines.Length; i++)
            Assert.Equal(RejectReason.None, parser.Parse(System.Text.Encoding.UTF8.GetBytes(lines[i]), ref events[i]));
        using var log = new TestLog(TestLog.Small with { SegmentBytes = 1 << 20 });
        var batch = new LogBatch();
        foreach (var chunk in events.Chunk(1000))
        {
            batch.Clear();
            foreach (var e in chunk)
                ShopEventSerializer.Add(batch, in e);
            log.Log.Append(0, batch);
        }

        using var reader = log.Log.OpenReader(0, 0);
        var read = new LogReadBatch(700);
        var pool = new StringPool();
        int next = 0;
        while (reader.Read(read) > 0)
        {
            for (int i = 0; i < read.Count; i++, next++)
            {
                var record = read[i];
                ShopEventSerializer.Read(record.Payload, out var back, pool);
                AssertSame(events[next], back);
                Assert.Equal((record.Key, record.Timestamp), (events[next].UserId, events[next].EventTimeTicks));
                Assert.Equal(back.Fingerprint, Fingerprint128.Of(in back));
            }
        }

        Assert.Equal(events.Length, next);
    }

    [Fact]
    public void Interning_with_a_pool_shares_category_brand_and_country_strings()
    {
        var e = Full();
        var payload = Payload(e);
        var pool = new StringPool();

        ShopEventSerializer.Read(payload, out var a, pool);
        ShopEventSerializer.Read(payload, out var b, pool);

        Assert.Same(a.CategoryCode, b.CategoryCode);
        Assert.Same(a.Brand, b.Brand);
        Assert.Same(a.Country, b.Country);
        Assert.NotSame(a.UserAgent, b.UserAgent);
    }

    [Fact]
    public void A_payload_of_an_unknown_version_is_refused()
    {
        var payload = Payload(Full());
        payload[0] = 3;

        var ex = Assert.Throws<LogFormatException>(() => ShopEventSerializer.Read(payload, out _));
        Assert.Contains("format version 3", ex.Message);
        Assert.Contains("reads versions 1 and 2", ex.Message);
    }

    [Fact]
    public void Details_round_trip_exactly_with_the_scale_of_their_money()
    {
        var e = Full();
        e.Details = new EventDetails
        {
            PaymentMethod = "paypal", Subtotal = 25.0m, Tax = 4.1700m, Shipping = 0m, Total = null,
            Channel = "email", UtmSource = "newsletter", UtmMedium = null, UtmCampaign = "Ünïcødé \ud800",
        };

        var back = RoundTrip(e);

        AssertSame(e, back);
        Assert.Equal("4.1700", back.Details!.Tax!.Value.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_event_without_details_is_written_as_before_but_for_the_version()
    {
        var e = Full();
        var payload = Payload(e);

        Assert.Equal(ShopEventSerializer.Version, payload[0]);
        Assert.Equal(0, payload[3]);
        AssertSame(e, RoundTrip(e));
    }

    [Fact]
    public void A_version_1_payload_written_before_details_existed_still_reads()
    {
        // Version 1 is version 2 without details: the log of an older build reads on, field for field.
        var e = Full();
        var payload = Payload(e);
        payload[0] = ShopEventSerializer.VersionWithoutDetails;

        ShopEventSerializer.Read(payload, out var back);

        AssertSame(e, back);
        Assert.Null(back.Details);
    }

    [Fact]
    public void A_version_1_payload_claiming_details_is_refused()
    {
        var e = Full();
        e.Details = new EventDetails { Channel = "email" };
        var payload = Payload(e);
        payload[0] = ShopEventSerializer.VersionWithoutDetails;

        var ex = Assert.Throws<LogFormatException>(() => ShopEventSerializer.Read(payload, out _));
        Assert.Contains("flags 1 are unknown", ex.Message);
    }

    [Fact]
    public void A_truncated_or_padded_payload_is_refused()
    {
        var payload = Payload(Full());
        for (int length = 0; length < payload.Length; length++)
            Assert.Throws<LogFormatException>(() => ShopEventSerializer.Read(payload.AsSpan(0, length), out _));
        Assert.Throws<LogFormatException>(() => ShopEventSerializer.Read([.. payload, 0], out _));
    }

    [Fact]
    public void A_destination_that_may_be_too_small_is_refused()
    {
        var e = Full();

        Assert.Throws<ArgumentException>(() => ShopEventSerializer.Write(in e, new byte[ShopEventSerializer.GetMaxByteCount(in e) - 1]));
    }

    private static ShopEvent Full()
    {
        var e = new ShopEvent
        {
            EventTimeTicks = new DateTime(2019, 10, 1, 0, 0, 1, DateTimeKind.Utc).Ticks + 1_234_567,
            UserId = 541_312_140,
            ProductId = StableId.MappedBase + 12345,
            CategoryId = 2_053_013_555_631_882_655,
            Price = 123.4500m,
            Quantity = 3,
            Type = EventType.Purchase,
            CategoryCode = "electronics.smartphone",
            Brand = "samsung",
            SessionId = Guid.Parse("72d76fde-8bb3-4e00-8c23-a032dfed738c"),
            SessionText = null,
            SourceEventId = "evt-0001",
            OrderId = "536365",
            Country = "United Kingdom",
            UserAgent = "Mozilla/5.0 (X11; Linux x86_64)",
            Ip = "2001:db8::1",
        };
        e.Fingerprint = Fingerprint128.Of(in e) | ((UInt128)1 << 127);
        return e;
    }

    private static ShopEvent RandomEvent(Random r)
    {
        string? Text() => r.Next(4) switch
        {
            0 => null,
            1 => "",
            2 => new string((char)r.Next(0x20, 0x7F), r.Next(1, 80)),
            _ => new string([.. Enumerable.Range(0, r.Next(1, 300)).Select(_ => (char)r.Next(0, 0x10000))]),
        };
        var bits = new[] { r.Next(), r.Next(), r.Next(), (r.Next(0, 29) << 16) | (r.Next(2) << 31) };
        return new ShopEvent
        {
            EventTimeTicks = r.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks),
            UserId = r.NextInt64(),
            ProductId = r.NextInt64(),
            CategoryId = r.NextInt64(),
            Price = new decimal(bits),
            Quantity = r.Next(int.MinValue, int.MaxValue),
            Type = (EventType)r.Next(EventTypes.Count),
            CategoryCode = Text(),
            Brand = Text(),
            SessionId = r.Next(2) == 0 ? Guid.Empty : new Guid([.. Enumerable.Range(0, 16).Select(_ => (byte)r.Next(256))]),
            SessionText = Text(),
            SourceEventId = Text(),
            OrderId = Text(),
            Country = Text(),
            UserAgent = Text(),
            Ip = Text(),
            Fingerprint = new UInt128((ulong)r.NextInt64(), (ulong)r.NextInt64()),
            Details = r.Next(3) == 0 ? null : new EventDetails
            {
                PaymentMethod = Text(),
                Subtotal = r.Next(2) == 0 ? null : new decimal([r.Next(), r.Next(), 0, r.Next(0, 29) << 16]),
                Tax = r.Next(2) == 0 ? null : new decimal([r.Next(), 0, 0, r.Next(0, 29) << 16]),
                Shipping = r.Next(2) == 0 ? null : r.Next(1000) / 100m,
                Total = r.Next(2) == 0 ? null : r.Next() / 100m,
                Channel = Text(),
                UtmSource = Text(),
                UtmMedium = Text(),
                UtmCampaign = Text(),
            },
        };
    }

    private static byte[] Payload(in ShopEvent e)
    {
        var buffer = new byte[ShopEventSerializer.GetMaxByteCount(in e)];
        return buffer.AsSpan(0, ShopEventSerializer.Write(in e, buffer)).ToArray();
    }

    private static ShopEvent RoundTrip(in ShopEvent e)
    {
        ShopEventSerializer.Read(Payload(in e), out var back);
        return back;
    }

    private static void AssertSame(in ShopEvent expected, in ShopEvent actual)
    {
        Assert.Equal(expected.EventTimeTicks, actual.EventTimeTicks);
        Assert.Equal(expected.UserId, actual.UserId);
        Assert.Equal(expected.ProductId, actual.ProductId);
        Assert.Equal(expected.CategoryId, actual.CategoryId);
        Assert.Equal(decimal.GetBits(expected.Price), decimal.GetBits(actual.Price));
        Assert.Equal(expected.Quantity, actual.Quantity);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.CategoryCode, actual.CategoryCode);
        Assert.Equal(expected.Brand, actual.Brand);
        Assert.Equal(expected.SessionId, actual.SessionId);
        Assert.Equal(expected.SessionText, actual.SessionText);
        Assert.Equal(expected.SourceEventId, actual.SourceEventId);
        Assert.Equal(expected.OrderId, actual.OrderId);
        Assert.Equal(expected.Country, actual.Country);
        Assert.Equal(expected.UserAgent, actual.UserAgent);
        Assert.Equal(expected.Ip, actual.Ip);
        Assert.Equal(expected.Fingerprint, actual.Fingerprint);
        Assert.Equal(expected.Details, actual.Details);
        if (expected.Details is { } d)
        {
            decimal?[] money = [d.Subtotal, d.Tax, d.Shipping, d.Total];
            decimal?[] back = [actual.Details!.Subtotal, actual.Details.Tax, actual.Details.Shipping, actual.Details.Total];
            Assert.Equal(money.Select(m => m?.Scale), back.Select(m => m?.Scale));
        }
    }
}
