using ShopStream.Lake.Runs;

namespace ShopStream.Lake.Tests.Runs;

/// <summary>The fingerprint set's size hint from the run's input size: an event every 160 bytes, capped, none when unknown.</summary>
public sealed class ExpectedEventsTests
{
    [Theory]
    [InlineData(null, 0)]
    [InlineData(0L, 0)]
    [InlineData(135_047_920L, 844_049)]
    [InlineData(1L << 40, 1 << 26)]
    public void Input_bytes_give_a_capped_event_estimate(long? bytes, int expected) =>
        Assert.Equal(expected, BronzeFeed.ExpectedEvents(bytes));

    [Fact]
    public void A_negative_input_size_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LakeRunWriterBuilder(new ShopStream.Lake.Storage.LocalLakeStorage(Path.GetTempPath()), Path.GetTempPath()).WithInputBytes(-1));
}
