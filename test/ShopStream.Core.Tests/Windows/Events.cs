using ShopStream.Core.Events;

namespace ShopStream.Core.Tests.Windows;

/// <summary>Canonical events for driving operators directly.</summary>
internal static class Events
{
    public static ShopEvent At(DateTime time, long user = 1, EventType type = EventType.View, decimal price = 1m) => new()
    {
        EventTimeTicks = time.Ticks,
        UserId = user,
        ProductId = 1,
        Type = type,
        Price = price,
        Quantity = 1,
    };
}
