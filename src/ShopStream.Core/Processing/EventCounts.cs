using ShopStream.Core.Events;

namespace ShopStream.Core.Processing;

/// <summary>
/// Events by type and purchase revenue (SPEC: revenue is the sum of purchase <c>price * quantity</c>): the counts a
/// profile, a session and a window pane all keep. A mutable struct, updated in place inside its owner.
/// </summary>
internal struct EventCounts
{
    public int Events;
    public int Views;
    public int Carts;
    public int Removes;
    public int Purchases;
    public decimal Revenue;

    public void Add(in ShopEvent e)
    {
        Events++;
        switch (e.Type)
        {
            case EventType.View:
                Views++;
                break;
            case EventType.Cart:
                Carts++;
                break;
            case EventType.RemoveFromCart:
                Removes++;
                break;
            case EventType.Purchase:
                Purchases++;
                Revenue += e.Price * e.Quantity;
                break;
        }
    }

    public void Merge(in EventCounts other)
    {
        Events += other.Events;
        Views += other.Views;
        Carts += other.Carts;
        Removes += other.Removes;
        Purchases += other.Purchases;
        Revenue += other.Revenue;
    }
}
