namespace ShopStream.Kafka.Tests;

/// <summary>Waiting, in a test, for something another thread makes true.</summary>
internal static class Eventually
{
    /// <summary>Returns once <paramref name="condition"/> holds; fails with "<paramref name="what"/> within a minute" if it never does.</summary>
    public static async Task True(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what + " within a minute");
            await Task.Delay(20);
        }
    }
}
