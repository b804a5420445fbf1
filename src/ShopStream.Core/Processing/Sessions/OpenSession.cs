using ShopStream.Core.Events;

namespace ShopStream.Core.Processing.Sessions;

/// <summary>A session that may still grow or merge: its time span and running counts.</summary>
internal struct OpenSession
{
    public long Start;
    public long End;
    public int Events;
    public int Views;
    public int Carts;
    public int Purchases;
    public decimal Revenue;

    public static OpenSession At(long time) => new() { Start = time, End = time };

    public void Add(in ShopEvent e)
    {
        Start = Math.Min(Start, e.EventTimeTicks);
        End = Math.Max(End, e.EventTimeTicks);
        Events++;
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

    public void Merge(in OpenSession other)
    {
        Start = Math.Min(Start, other.Start);
        End = Math.Max(End, other.End);
        Events += other.Events;
        Views += other.Views;
        Carts += other.Carts;
        Purchases += other.Purchases;
        Revenue += other.Revenue;
    }

    public readonly SessionRecord ToRecord(long userId) => new(
        userId, new DateTime(Start, DateTimeKind.Utc), new DateTime(End, DateTimeKind.Utc), Events, Views, Carts, Purchases, Revenue);
}
