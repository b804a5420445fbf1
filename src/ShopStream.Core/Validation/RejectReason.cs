namespace ShopStream.Core.Validation;

/// <summary>Why a record was rejected. Names are SPEC's stable reason names (see <see cref="RejectReasons"/>).</summary>
public enum RejectReason : byte
{
    None,
    FieldCount,
    EventTime,
    EventType,
    Number,
    Id,
    Price,
    TooLarge,
    Encoding,
    /// <summary>A JSON line that is not a JSON object. Not in SPEC's list, which predates JSON sources.</summary>
    Json,
    /// <summary>
    /// An accepted event that arrived later than the allowed lateness: left out of window metrics, counted in
    /// <c>late_events_dropped</c> and dead-lettered. Not a read rejection (not in <c>events_rejected</c>).
    /// </summary>
    Late,
}
