namespace ShopStream.Generator;

/// <summary>
/// Ways a malformed record fails validation; the names are ShopStream's rejection reasons (SPEC "Validation"),
/// so a run over the output rejects exactly these, for exactly these reasons.
/// </summary>
public enum Malformation
{
    FieldCount,
    EventTime,
    EventType,
    Number,
    Id,
    Price,
    Encoding,
    Json,
}
