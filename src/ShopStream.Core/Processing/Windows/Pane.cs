using ShopStream.Core.Events;

namespace ShopStream.Core.Processing.Windows;

/// <summary>The counts and exact distinct users of one slide-long slice of event time in one partition.</summary>
internal sealed class Pane
{
    public EventCounts Counts;
    public readonly HashSet<long> Users = [];

    public void Add(in ShopEvent e)
    {
        Counts.Add(e);
        Users.Add(e.UserId);
    }

    public void Reset()
    {
        Counts = default;
        Users.Clear();
    }
}
