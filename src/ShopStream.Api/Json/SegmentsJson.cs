namespace ShopStream.Api.Json;

/// <summary>Users per segment in SPEC's rule order, with each segment's share of all users (four places).</summary>
public sealed record SegmentsJson(long Users, IReadOnlyList<SegmentJson> Segments);
