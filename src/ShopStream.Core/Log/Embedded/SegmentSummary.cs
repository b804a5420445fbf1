namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// What a sealed segment's index file records about it, so opening a log does not scan sealed segments: the
/// offset after its last record, its length, when it was last appended to (for retention by age), and the source
/// position in force at its end (the last one stored in it or before it).
/// </summary>
internal sealed record SegmentSummary(long EndOffset, long Length, long LastAppendMs, byte[]? SourceAtEnd);
