namespace ShopStream.Core.Processing;

/// <summary>
/// The run summary of SPEC ("Run summary: summary.json"), plus late events and cart abandonment (SPEC allows
/// extra keys).
/// </summary>
public sealed record RunSummary
{
    public long EventsRead { get; init; }
    public long EventsAccepted { get; init; }
    public long EventsRejected { get; init; }
    public long DuplicatesDropped { get; init; }

    /// <summary>Every reason, in SPEC order, zero counts included.</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> RejectedByReason { get; init; }

    /// <summary>view, cart, remove_from_cart, purchase always; other types when present.</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> EventsByType { get; init; }

    public long Users { get; init; }
    public long Sessions { get; init; }
    public long SessionsWithPurchase { get; init; }
    public long PurchasingUsers { get; init; }
    public decimal Revenue { get; init; }

    /// <summary>Every segment in rule order, zero counts included.</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> Segments { get; init; }

    /// <summary>Events that arrived more out of order than the allowed disorder (still processed, not lost).</summary>
    public long LateEvents { get; init; }

    /// <summary>Events beyond the windows' allowed lateness: left out of window metrics, dead-lettered as <c>late</c>.</summary>
    public long LateEventsDropped { get; init; }

    /// <summary>Sessions with at least one cart event.</summary>
    public long SessionsWithCart { get; init; }

    /// <summary>Sessions with a cart and no purchase.</summary>
    public long AbandonedSessions { get; init; }

    /// <summary>Abandoned sessions per session with a cart; 0 without any.</summary>
    public decimal CartAbandonmentRate => SessionsWithCart == 0 ? 0 : (decimal)AbandonedSessions / SessionsWithCart;

    public long SegmentCount(string name) => Segments.FirstOrDefault(s => s.Key == name).Value;

    public long EventsOf(string type) => EventsByType.FirstOrDefault(s => s.Key == type).Value;

    public long RejectedFor(string reason) => RejectedByReason.FirstOrDefault(s => s.Key == reason).Value;
}
