namespace ShopStream.Generator;

/// <summary>The kinds of event the generator makes; names are SPEC's <c>event_type</c> values.</summary>
public enum EventKind : byte
{
    View,
    Cart,
    RemoveFromCart,
    Purchase,
    Search,
    Refund,
}
