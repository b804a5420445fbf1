namespace ShopStream.Core.Events;

/// <summary>The kinds of shop event in SPEC's canonical schema. Stored as a byte in <see cref="ShopEvent"/>.</summary>
public enum EventType : byte
{
    View,
    Cart,
    RemoveFromCart,
    Purchase,
    Search,
    PageView,
    Refund,
}
