namespace ShopStream.Core.Validation;

/// <summary>Stable names of <see cref="RejectReason"/> as they appear in summary.json and the dead-letter output.</summary>
public static class RejectReasons
{
    /// <summary>Every reason a record can be rejected for when read, in summary order (not <see cref="RejectReason.Late"/>).</summary>
    public static ReadOnlySpan<RejectReason> All =>
    [
        RejectReason.FieldCount, RejectReason.EventTime, RejectReason.EventType, RejectReason.Number,
        RejectReason.Id, RejectReason.Price, RejectReason.TooLarge, RejectReason.Encoding, RejectReason.Json,
    ];

    /// <summary>Length of arrays indexed by <see cref="RejectReason"/>.</summary>
    public const int ArrayLength = (int)RejectReason.Late + 1;

    public static string Name(RejectReason reason) => reason switch
    {
        RejectReason.FieldCount => "field_count",
        RejectReason.EventTime => "event_time",
        RejectReason.EventType => "event_type",
        RejectReason.Number => "number",
        RejectReason.Id => "id",
        RejectReason.Price => "price",
        RejectReason.TooLarge => "too_large",
        RejectReason.Encoding => "encoding",
        RejectReason.Json => "json",
        RejectReason.Late => "late",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
