using ShopStream.Core.Events;

namespace ShopStream.Core.Processing.Windows;

/// <summary>The counts and exact distinct users of one slide-long slice of event time in one partition.</summary>
internal sealed class Pane
{
    public long Events;
    public long Views;
    public long Carts;
    public long Removes;
    public long Purchases;
    public decimal Revenue;
    public readonly HashSet<long> Users = [];

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

        Users.Add(e.UserId);
    }

    public void Reset()
    {
        Events = Views = Carts = Removes = Purchases = 0;
        Revenue = 0;
        Users.Clear();
    }
}
