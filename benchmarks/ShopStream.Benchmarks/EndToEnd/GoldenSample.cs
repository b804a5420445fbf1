using ShopStream.Core.Processing;

namespace ShopStream.Benchmarks.EndToEnd;

/// <summary>The golden summary of the 5,000-row REES46 sample (shared/data/README.md).</summary>
internal static class GoldenSample
{
    public static RunSummary Summary { get; } = new()
    {
        EventsRead = 5000,
        EventsAccepted = 5000,
        DuplicatesDropped = 3,
        RejectedByReason = [],
        EventsByType = [new("view", 4893), new("cart", 50), new("remove_from_cart", 0), new("purchase", 54)],
        Users = 1747,
        Sessions = 1753,
        SessionsWithPurchase = 48,
        PurchasingUsers = 48,
        Revenue = 14786.59m,
        Segments = [new("high_value", 1), new("converting", 47), new("interested", 24), new("active_browser", 276), new("casual", 1399)],
    };
}
