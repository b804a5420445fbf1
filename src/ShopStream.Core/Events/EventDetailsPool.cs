namespace ShopStream.Core.Events;

/// <summary>
/// Shares one <see cref="EventDetails"/> among the events that carry the same values (an order's lines, a visit's
/// events), so a parser allocates one per distinct order or visit rather than one per event, and events kept in
/// memory share it. Bounded: when it holds <see cref="Capacity"/> instances it starts over. One per parser thread.
/// </summary>
internal sealed class EventDetailsPool
{
    public const int Capacity = 4096;

    private readonly Dictionary<DetailsDraft, EventDetails> _shared = [];

    /// <summary>The shared instance for <paramref name="draft"/>; null when it holds no field.</summary>
    public EventDetails? Intern(in DetailsDraft draft)
    {
        if (draft.IsEmpty)
            return null;
        if (_shared.TryGetValue(draft, out var existing))
            return existing;
        if (_shared.Count >= Capacity)
            _shared.Clear();
        var details = draft.ToDetails();
        _shared.Add(draft, details);
        return details;
    }
}
