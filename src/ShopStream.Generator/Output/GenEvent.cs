namespace ShopStream.Generator.Output;

/// <summary>One generated event on its way to a format. Session-level fields live in the session's slot.</summary>
internal struct GenEvent
{
    /// <summary>Event time in whole seconds since 0001-01-01 UTC.</summary>
    public long Second;
    public EventKind Kind;
    /// <summary>Product index in the catalogue; -1 for searches.</summary>
    public int Product;
    public int Quantity;
    /// <summary>The session's slot (its pre-rendered bytes); -1 for events outside a session (refunds).</summary>
    public int Slot;
    /// <summary>Unique per event: the source of the JSON event_id.</summary>
    public long Sequence;
    public long UserId;
    public int Template;
    public bool Guest;
    /// <summary>For searches: the category leaf searched.</summary>
    public int Leaf;
    // Orders (purchases and refunds).
    public long OrderNo;
    public long InvoiceNo;
    public int Line;
    public int Lines;
    public long SubtotalCents;
    public long TaxCents;
    public long ShippingCents;
    public int Payment;
    public int Warehouse;
}
