using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Runs;

namespace ShopStream.Lake.Tests.Runs;

public sealed class DuckDbOpeningTests
{
    [Fact]
    public async Task The_connection_opened_in_the_background_has_its_settings()
    {
        using var opening = new DuckDbOpening("SET TimeZone = 'UTC'; SET threads = 1");
        var connection = await opening.ConnectionAsync();
        Assert.Equal(1L, connection.Scalar("SELECT current_setting('threads')"));
        Assert.Equal("UTC", connection.Scalar("SELECT current_setting('TimeZone')"));
    }

    [Fact]
    public async Task A_refused_setting_is_thrown_when_the_connection_is_asked_for_and_disposing_does_not_throw()
    {
        var opening = new DuckDbOpening("SET no_such_setting = 1");
        await Assert.ThrowsAsync<DuckDbException>(opening.ConnectionAsync);
        opening.Dispose();
    }
}
