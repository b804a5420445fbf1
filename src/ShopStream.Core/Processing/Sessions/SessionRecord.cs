namespace ShopStream.Core.Processing.Sessions;

/// <summary>One row of <c>gold/sessions</c>: a finished session of one user.</summary>
public readonly record struct SessionRecord(
    long UserId,
    DateTime SessionStart,
    DateTime SessionEnd,
    int Events,
    int Views,
    int Carts,
    int Purchases,
    decimal Revenue)
{
    /// <summary>A session converts when it holds at least one purchase.</summary>
    public bool Converted => Purchases > 0;

    /// <summary>A session with a cart and no purchase abandoned its cart.</summary>
    public bool IsAbandoned => Carts > 0 && Purchases == 0;

    /// <summary>This session and a later-starting one of the same user as one: the earliest start, the latest end, counts and revenue added.</summary>
    public SessionRecord Join(in SessionRecord later) => this with
    {
        SessionEnd = SessionEnd > later.SessionEnd ? SessionEnd : later.SessionEnd,
        Events = Events + later.Events,
        Views = Views + later.Views,
        Carts = Carts + later.Carts,
        Purchases = Purchases + later.Purchases,
        Revenue = Revenue + later.Revenue,
    };
}
