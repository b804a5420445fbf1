namespace ShopStream.Analytics.Reporting;

/// <summary>A segment's size and the money it brought.</summary>
public sealed record SegmentRow(string Name, long Members, decimal Revenue);
