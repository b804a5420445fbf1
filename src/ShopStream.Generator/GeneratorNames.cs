namespace ShopStream.Generator;

/// <summary>Stable names: rejection reasons of <see cref="Malformation"/>, event types of <see cref="EventKind"/>.</summary>
public static class GeneratorNames
{
    public static string Name(Malformation m) => m switch
    {
        Malformation.FieldCount => "field_count",
        Malformation.EventTime => "event_time",
        Malformation.EventType => "event_type",
        Malformation.Number => "number",
        Malformation.Id => "id",
        Malformation.Price => "price",
        Malformation.Encoding => "encoding",
        Malformation.Json => "json",
        _ => throw new ArgumentOutOfRangeException(nameof(m), m, null),
    };

    public static string Name(EventKind kind) => kind switch
    {
        EventKind.View => "view",
        EventKind.Cart => "cart",
        EventKind.RemoveFromCart => "remove_from_cart",
        EventKind.Purchase => "purchase",
        EventKind.Search => "search",
        EventKind.Refund => "refund",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
