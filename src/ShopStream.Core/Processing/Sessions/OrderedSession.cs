namespace ShopStream.Core.Processing.Sessions;

/// <summary>A finished session with its closing order in its partition, which breaks ties of user and start in the output.</summary>
internal readonly record struct OrderedSession(SessionRecord Record, long ClosingOrder)
{
    public static int Compare(OrderedSession a, OrderedSession b) =>
        new SessionSortKey(a.Record.UserId, a.Record.SessionStart.Ticks, a.ClosingOrder)
            .CompareTo(new SessionSortKey(b.Record.UserId, b.Record.SessionStart.Ticks, b.ClosingOrder));
}
