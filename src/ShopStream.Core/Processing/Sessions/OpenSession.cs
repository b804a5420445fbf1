using ShopStream.Core.Events;

namespace ShopStream.Core.Processing.Sessions;

/// <summary>A session that may still grow or merge: its time span and running counts.</summary>
internal struct OpenSession
{
    public long Start;
    public long End;
    public EventCounts Counts;

    public static OpenSession At(long time) => new() { Start = time, End = time };

    public void Add(in ShopEvent e)
    {
        Start = Math.Min(Start, e.EventTimeTicks);
        End = Math.Max(End, e.EventTimeTicks);
        Counts.Add(e);
    }

    public void Merge(in OpenSession other)
    {
        Start = Math.Min(Start, other.Start);
        End = Math.Max(End, other.End);
        Counts.Merge(other.Counts);
    }

    public readonly SessionRecord ToRecord(long userId) => new(
        userId, new DateTime(Start, DateTimeKind.Utc), new DateTime(End, DateTimeKind.Utc),
        Counts.Events, Counts.Views, Counts.Carts, Counts.Purchases, Counts.Revenue);
}
