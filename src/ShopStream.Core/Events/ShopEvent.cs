namespace ShopStream.Core.Events;

/// <summary>
/// One canonical shop event (SPEC "Canonical event"), as a struct so batches are flat arrays.
/// Low-cardinality strings (category_code, brand, country) are interned by the parser, so an event
/// holds references to shared instances and parsing allocates nothing per event on the CSV path.
/// </summary>
public struct ShopEvent
{
    /// <summary>Event time as UTC ticks (<see cref="DateTime.Ticks"/>).</summary>
    public long EventTimeTicks;
    public long UserId;
    public long ProductId;
    /// <summary>0 when the source has none.</summary>
    public long CategoryId;
    public decimal Price;
    public int Quantity;
    public EventType Type;
    public string? CategoryCode;
    public string? Brand;
    /// <summary>The source's session id when it is a UUID (REES46 `user_session`); <see cref="Guid.Empty"/> otherwise.</summary>
    public Guid SessionId;
    /// <summary>The source's session id when it is present but not a UUID.</summary>
    public string? SessionText;
    /// <summary>The source's own event id (JSON sources); null when derived from <see cref="Fingerprint"/>.</summary>
    public string? SourceEventId;
    public string? OrderId;
    public string? Country;
    public string? UserAgent;
    public string? Ip;
    /// <summary>Order and attribution fields (payment, tax, shipping, totals, channel, UTM); null when the source has none. Not in the fingerprint.</summary>
    public EventDetails? Details;
    /// <summary>128-bit hash of every canonical field: equal fingerprints mean a duplicate (SPEC "Deduplication").</summary>
    public UInt128 Fingerprint;

    public readonly DateTime EventTime => new(EventTimeTicks, DateTimeKind.Utc);

    /// <summary>SPEC's event_id: the source's id, else the deterministic hash of the row's canonical content.</summary>
    public readonly string EventId => SourceEventId ?? Fingerprint.ToString("x32", null);

    public readonly string? SessionKey => SessionText ?? (SessionId == Guid.Empty ? null : SessionId.ToString());
}
