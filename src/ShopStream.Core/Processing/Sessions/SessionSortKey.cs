namespace ShopStream.Core.Processing.Sessions;

/// <summary>Total order of sessions for output: user, start, then the order in which they closed.</summary>
internal readonly record struct SessionSortKey(long UserId, long StartTicks, long ClosingOrder) : IComparable<SessionSortKey>
{
    public int CompareTo(SessionSortKey other)
    {
        int c = UserId.CompareTo(other.UserId);
        if (c == 0)
            c = StartTicks.CompareTo(other.StartTicks);
        return c != 0 ? c : ClosingOrder.CompareTo(other.ClosingOrder);
    }
}
