namespace ShopStream.Core.Events;

/// <summary>Stable names of <see cref="EventType"/> (SPEC's `event_type` values) and allocation-free parsing.</summary>
public static class EventTypes
{
    /// <summary>Number of event types; arrays indexed by <see cref="EventType"/> have this length.</summary>
    public const int Count = 7;

    private static readonly string[] s_names = ["view", "cart", "remove_from_cart", "purchase", "search", "page_view", "refund"];

    /// <summary>The four clickstream types every summary lists, even at zero.</summary>
    public static ReadOnlySpan<EventType> Core => [EventType.View, EventType.Cart, EventType.RemoveFromCart, EventType.Purchase];

    public static string Name(EventType type) => s_names[(int)type];

    /// <summary>Types whose events are about one product (a product_id is required for them).</summary>
    public static bool RequiresProduct(EventType type) => type is not (EventType.Search or EventType.PageView);

    public static bool TryParse(ReadOnlySpan<byte> utf8, out EventType type)
    {
        // Switch on length first: each length has at most two candidates, so this is a handful of compares.
        type = default;
        switch (utf8.Length)
        {
            case 4 when utf8.SequenceEqual("view"u8): type = EventType.View; return true;
            case 4 when utf8.SequenceEqual("cart"u8): type = EventType.Cart; return true;
            case 8 when utf8.SequenceEqual("purchase"u8): type = EventType.Purchase; return true;
            case 16 when utf8.SequenceEqual("remove_from_cart"u8): type = EventType.RemoveFromCart; return true;
            case 6 when utf8.SequenceEqual("search"u8): type = EventType.Search; return true;
            case 6 when utf8.SequenceEqual("refund"u8): type = EventType.Refund; return true;
            case 9 when utf8.SequenceEqual("page_view"u8): type = EventType.PageView; return true;
            default: return false;
        }
    }
}
