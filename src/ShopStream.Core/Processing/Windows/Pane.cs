using ShopStream.Core.Events;

namespace ShopStream.Core.Processing.Windows;

/// <summary>The counts and exact distinct users of one slide-long slice of event time in one partition.</summary>
internal sealed class Pane
{
    public EventCounts Counts;
    public readonly FlatSet<long> Users = new();

    /// <summary>Unique per opened pane within its aggregator (never 0), so a user's memo of it cannot outlive the pane.</summary>
    public int Serial;

    /// <param name="userPane">The user's memo of the pane it was last added to: while it names this pane, the user
    /// is in <see cref="Users"/> already and the set is not probed (most of a user's events share a pane).</param>
    public void Add(in ShopEvent e, ref int userPane)
    {
        Counts.Add(e);
        if (userPane == Serial)
            return;
        Users.Add(e.UserId);
        userPane = Serial;
    }

    public void Reset()
    {
        Counts = default;
        Users.Clear();
    }
}
