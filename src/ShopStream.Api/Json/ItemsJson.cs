namespace ShopStream.Api.Json;

/// <summary>A list answer: the items and how many there are in all (the list may be cut by a limit).</summary>
public sealed record ItemsJson<T>(IReadOnlyList<T> Items, long Total);
