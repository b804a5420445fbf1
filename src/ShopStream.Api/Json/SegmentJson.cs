namespace ShopStream.Api.Json;

/// <summary>One segment's user count and share of all users.</summary>
public sealed record SegmentJson(string Segment, long Users, decimal Share);
