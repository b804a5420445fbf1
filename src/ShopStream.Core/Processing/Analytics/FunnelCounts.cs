using ShopStream.Core.Events;

namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// Running funnel counts of one key in one hour. A mutable struct so a dictionary entry is updated in place
/// (<c>CollectionsMarshal.GetValueRefOrAddDefault</c>): counting an event for a key already present allocates nothing.
/// </summary>
internal struct FunnelCounts
{
    // int: counts of one key in one hour of one partition; 32 bytes an entry, so more of them stay in cache.
    public int Views;
    public int Carts;
    public int Purchases;
    public decimal Revenue;

    /// <summary>True for the event types the funnel counts (view, cart, purchase).</summary>
    public static bool Counts(EventType type) => type is EventType.View or EventType.Cart or EventType.Purchase;

    public void Add(in ShopEvent e)
    {
        switch (e.Type)
        {
            case EventType.View:
                Views++;
                break;
            case EventType.Cart:
                Carts++;
                break;
            case EventType.Purchase:
                Purchases++;
                Revenue += e.Price * e.Quantity;
                break;
        }
    }

    public void Merge(in FunnelCounts other)
    {
        Views += other.Views;
        Carts += other.Carts;
        if (other.Purchases == 0)
            return; // no revenue either: skip the decimal addition (most products have views only)
        Purchases += other.Purchases;
        Revenue += other.Revenue;
    }

    /// <summary>A rate of the funnel: <paramref name="part"/> per <paramref name="whole"/>, 0 when there is no whole.</summary>
    public static decimal Rate(long part, long whole) => whole == 0 ? 0 : (decimal)part / whole;
}
